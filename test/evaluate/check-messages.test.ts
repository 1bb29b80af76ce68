import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, defineCatalogue } from '../../src/index.js'
import { DOWNLOAD, RECORDINGS } from '../_fixtures.js'

// check() messages are what `seatguard check` prints (docs/cli.md shows them): each names
// the user, what is wrong and what to change, in the singular or plural the case needs.
const policy = createPolicy(conversations)
  .duplicateRole('agent', { id: 'agent-no-assign', name: 'Agent without assignment' })
  .duplicateRole('supervisor', { id: 'sup-copy', name: 'Supervisor copy' })
  .createRole({ id: 'downloader', name: 'Downloader', permissions: [DOWNLOAD] })
  .createRole({ id: 'listener', name: 'Listener', permissions: [DOWNLOAD, RECORDINGS] })

const problem = (user: { id: string; roles: string[]; seat?: boolean }, code: string) =>
  policy.check(user).find((p) => p.code === code)

describe('check() messages (docs/cli.md)', () => {
  it('R13: one unknown role is named in the singular, several in the plural, each once', () => {
    expect(problem({ id: 'carla.meyer', roles: ['viewer', 'report'] }, 'assignment/unknown-role')?.message).toBe(
      'User "carla.meyer" holds role "report" that the policy does not define; remove it or create the role.',
    )
    expect(
      problem({ id: 'carla.meyer', roles: ['report', 'viewer', 'audit', 'report'] }, 'assignment/unknown-role'),
    ).toEqual({
      code: 'assignment/unknown-role',
      severity: 'error',
      message:
        'User "carla.meyer" holds roles "report", "audit" that the policy does not define; remove them or create the role.',
      roles: ['report', 'audit'],
    })
  })

  it('R8: the exclusive-roles error names the roles on each side and the catalogue reason', () => {
    expect(
      problem({ id: 'gina.park', roles: ['agent-no-assign', 'supervisor'], seat: true }, 'assignment/exclusive-roles'),
    ).toEqual({
      code: 'assignment/exclusive-roles',
      severity: 'error',
      message:
        'User "gina.park" may not hold "agent-no-assign" together with "supervisor": Supervisor already includes every Agent permission.',
      roles: ['agent-no-assign', 'supervisor'],
    })
    // Every role of the user that counts as one side is listed (a copy counts as its source), side by side.
    const both = problem(
      { id: 'g', roles: ['sup-copy', 'agent', 'supervisor', 'agent-no-assign'], seat: true },
      'assignment/exclusive-roles',
    )
    expect(both?.roles).toEqual(['agent', 'agent-no-assign', 'sup-copy', 'supervisor'])
    expect(both?.message).toBe(
      'User "g" may not hold "agent", "agent-no-assign" together with "sup-copy", "supervisor": Supervisor already includes every Agent permission.',
    )
  })

  it('R8: only a pair with both sides held is reported; one side alone is fine', () => {
    expect(
      problem({ id: 'g', roles: ['agent', 'agent-no-assign'], seat: true }, 'assignment/exclusive-roles'),
    ).toBeUndefined()
    expect(
      problem({ id: 'g', roles: ['supervisor', 'sup-copy'], seat: true }, 'assignment/exclusive-roles'),
    ).toBeUndefined()
  })

  it('R9: the derived-with-source error names the copy, its source and the fix', () => {
    expect(
      problem({ id: 'hugo.silva', roles: ['agent', 'agent-no-assign'], seat: true }, 'assignment/derived-with-source'),
    ).toEqual({
      code: 'assignment/derived-with-source',
      severity: 'error',
      message:
        'User "hugo.silva" may not hold "agent-no-assign" together with "agent", the role it was duplicated from: the permissions removed from the copy would come back; keep one of them.',
      roles: ['agent-no-assign', 'agent'],
    })
  })

  it('R9: a custom role made from scratch has no source, so it is never reported beside a default role', () => {
    expect(policy.check({ id: 'u', roles: ['downloader', 'agent'], seat: true })).toEqual([])
  })

  it('R6: the unusable-permission warning names each permission, in the singular or plural', () => {
    expect(problem({ id: 'jo.tanaka', roles: ['downloader'], seat: true }, 'assignment/unusable-permission')).toEqual({
      code: 'assignment/unusable-permission',
      severity: 'warning',
      message: `User "jo.tanaka" holds "${DOWNLOAD}" but none of the prerequisites, so it has no effect; add a role that grants one.`,
      permissions: [DOWNLOAD],
    })
    expect(
      problem({ id: 'jo', roles: ['listener', 'analytics'], seat: true }, 'assignment/unusable-permission')?.message,
    ).toBe(
      `User "jo" holds "${DOWNLOAD}", "${RECORDINGS}" but none of the prerequisites, so they have no effect; add a role that grants one.`,
    )
  })

  it('R6: a permission with a prerequisite the user holds is not unusable, and neither is a permission the user does not hold', () => {
    expect(
      problem({ id: 'jo', roles: ['listener', 'viewer'], seat: true }, 'assignment/unusable-permission'),
    ).toBeUndefined()
    expect(problem({ id: 'jo', roles: ['setup'], seat: true }, 'assignment/unusable-permission')).toBeUndefined()
  })

  it('R10: the seat warnings say what to do with the seat', () => {
    expect(policy.check({ id: 'eva.rossi', roles: ['agent'] })).toEqual([
      {
        code: 'seat/missing',
        severity: 'warning',
        message:
          'User "eva.rossi" needs a seat for their roles but holds none, so only seat-free permissions work; grant a seat.',
      },
    ])
    expect(policy.check({ id: 'finn.berg', roles: ['viewer'], seat: true })).toEqual([
      {
        code: 'seat/unused',
        severity: 'warning',
        message: 'User "finn.berg" holds a seat that none of their permissions needs; revoke it to free the seat.',
      },
    ])
  })

  it('R13: a malformed user is one data/invalid error that says what is malformed', () => {
    expect(policy.check({ id: 'u', roles: 'agent' } as never)).toEqual([
      {
        code: 'data/invalid',
        severity: 'error',
        message: 'The user is malformed ("roles" must be an array of role ids); fix the user record.',
      },
    ])
  })

  it('R8: the reason comes from the catalogue that declares the pair', () => {
    const cat = defineCatalogue({
      id: 'kb',
      name: 'Knowledge base',
      version: '1',
      permissions: { 'kb/read': { name: 'Read', description: 'Read articles.', group: 'kb' } },
      roles: {
        author: { name: 'Author', permissions: ['kb/read'] },
        reviewer: { name: 'Reviewer', permissions: ['kb/read'] },
      },
      exclusive: [{ roles: ['author', 'reviewer'], reason: 'Nobody reviews their own articles.' }],
    })
    expect(createPolicy(cat).check({ id: 'u', roles: ['reviewer', 'author'], seat: true })).toEqual([
      {
        code: 'assignment/exclusive-roles',
        severity: 'error',
        message: 'User "u" may not hold "author" together with "reviewer": Nobody reviews their own articles.',
        roles: ['author', 'reviewer'],
      },
    ])
  })
})
