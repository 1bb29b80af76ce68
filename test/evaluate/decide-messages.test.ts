import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, explain } from '../../src/index.js'
import { TAGS, VIEW } from '../_fixtures.js'

// SPEC section 3: a decision is { allowed, permission, reason, grantedBy, missing?, message },
// `message` one plain sentence a person can act on; docs/decisions.md: a malformed user is
// denied "with a message saying what is wrong", decisions are frozen, grantedBy is empty for
// not-granted, unknown-permission and invalid-user.
const base = createPolicy(conversations)

describe('explain() decisions and their messages', () => {
  it('R1: a permission granted by one role says "role" in the singular and names it', () => {
    expect(base.explain({ id: 'ana', roles: ['agent'], seat: true }, TAGS)).toEqual({
      allowed: true,
      permission: TAGS,
      name: 'Tag conversations', // R35: the display name, for describeDecision
      reason: 'granted',
      grantedBy: ['agent'],
      message: `User "ana" may use Tag conversations (${TAGS}), granted by role "agent".`,
    })
  })

  it('R13: an unknown permission names the id and the catalogue, and tells to check the id', () => {
    expect(explain({ id: 'ana', roles: ['agent'], seat: true }, 'conversations/my-work/tag' as string)).toEqual({
      allowed: false,
      permission: 'conversations/my-work/tag',
      reason: 'unknown-permission',
      grantedBy: [],
      message: '"conversations/my-work/tag" is not a permission of the Conversations catalogue; check the id.',
    }) // R35: no name, as there is no such permission
  })

  it('R13: a permission that is not a string is unknown, and the decision shows it as text', () => {
    const d = base.explain({ id: 'ana', roles: ['agent'], seat: true }, 42 as never)
    expect(d).toMatchObject({ allowed: false, reason: 'unknown-permission', permission: '42', grantedBy: [] })
    expect(d.message).toBe('42 is not a permission of the Conversations catalogue; check the id.')
  })

  it('R13: an invalid-user message says which part of the user is malformed', () => {
    const cases: [unknown, string][] = [
      [null, 'a user must be an object'],
      ['ana', 'a user must be an object'],
      [{ id: '', roles: ['agent'] }, '"id" must be a non-empty string'],
      [{ id: 7, roles: ['agent'] }, '"id" must be a non-empty string'],
      [{ id: 'u', roles: 'agent' }, '"roles" must be an array of role ids'],
      [{ id: 'u', roles: ['agent'], seat: 'yes' }, '"seat" must be true, false or absent'],
      [{ id: 'u', roles: ['agent', 3] }, '"roles" must contain only strings'],
      [
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('boom')
            },
          },
        ),
        'reading it failed',
      ],
    ]
    for (const [user, why] of cases) {
      expect(base.explain(user as never, VIEW)).toEqual({
        allowed: false,
        permission: VIEW,
        name: 'View conversations',
        reason: 'invalid-user',
        grantedBy: [],
        message: `The user is malformed (${why}); fix the user record.`,
      })
    }
  })

  it('R13: a seat given as undefined counts as absent, not as malformed', () => {
    expect(base.explain({ id: 'v', roles: ['viewer'], seat: undefined } as never, VIEW).reason).toBe('granted')
  })

  it('R4: a no-seat decision lists the roles holding the permission and has no "missing"', () => {
    const d = base.explain({ id: 'ben', roles: ['analytics', 'agent', 'supervisor'] }, TAGS)
    expect(d).toEqual({
      allowed: false,
      permission: TAGS,
      name: 'Tag conversations',
      reason: 'no-seat',
      grantedBy: ['agent', 'supervisor'],
      message: `User "ben" may not use Tag conversations (${TAGS}): it needs a seat and they hold none, so they can only view (viewer mode); grant them a seat.`,
    })
    expect('missing' in d).toBe(false)
  })

  it('R6: only a missing-prerequisite decision carries "missing", the prerequisites in catalogue order', () => {
    const policy = base.createRole({ id: 'tagger', name: 'Tagger', permissions: [TAGS] })
    const d = policy.explain({ id: 'tia', roles: ['tagger'], seat: true }, TAGS)
    expect(d.reason).toBe('missing-prerequisite')
    expect(d.grantedBy).toEqual(['tagger'])
    expect(d.missing).toEqual([
      'contact-center/conversations/view',
      'contact-center/conversations/work-assigned',
      'contact-center/conversations/manage-all',
    ])
    for (const other of [
      base.explain({ id: 'a', roles: ['agent'], seat: true }, TAGS),
      base.explain({ id: 'a', roles: [] }, TAGS),
    ]) {
      expect('missing' in other).toBe(false)
      expect('missingNames' in other).toBe(false)
    }
    // R35: and their display names, in the same order.
    expect(d.missingNames).toEqual(['View conversations', 'Work on assigned conversations', 'Manage all conversations'])
  })

  it('a decision, its grantedBy and its missing list are frozen', () => {
    const policy = base.createRole({ id: 'tagger', name: 'Tagger', permissions: [TAGS] })
    const d = policy.explain({ id: 'tia', roles: ['tagger'], seat: true }, TAGS)
    expect(Object.isFrozen(d)).toBe(true)
    expect(Object.isFrozen(d.grantedBy)).toBe(true)
    expect(Object.isFrozen(d.missing)).toBe(true)
    expect(Object.isFrozen(d.missingNames)).toBe(true)
    expect(Object.isFrozen(base.explain({ id: 'x', roles: [] }, 'nope' as string).grantedBy)).toBe(true)
  })
})
