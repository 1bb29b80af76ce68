import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, defineCatalogue, type Policy, type User } from '../../src/index.js'
import { TAGS } from '../_fixtures.js'

/**
 * docs/decisions.md promises that the missing-prerequisite message "names the fix that works":
 * a role when none of the prerequisites is held, a seat when only a seat is lacking, and the
 * deeper permission to explain when a held prerequisite lacks one of its own. Each test reads
 * the sentence, then follows its advice and checks that the permission is then granted.
 */
const BASIC = 'View conversations, Work on assigned conversations or Manage all conversations'
const built = createPolicy(conversations)
  .createRole({ id: 'tagger', name: 'Tagger', permissions: [TAGS] })
  .createRole({ id: 'tagger-2', name: 'Tagger 2', permissions: [TAGS, 'conversations/my-work/transfer'] })

// a ← b ← c: a needs b, b needs c. kb/read is seat-free but needs kb/login, which needs a seat.
const chain = defineCatalogue({
  id: 'chain',
  name: 'Chain',
  version: '1',
  permissions: {
    'x/c': { name: 'Cee', description: 'c.', group: 'g' },
    'x/d': { name: 'Dee', description: 'd.', group: 'g' },
    'x/b': { name: 'Bee', description: 'b.', group: 'g', requires: ['x/c', 'x/d'] },
    'x/a': { name: 'Ay', description: 'a.', group: 'g', requires: ['x/b'] },
    'kb/login': { name: 'Log in', description: 'l.', group: 'g' },
    'kb/read': { name: 'Read articles', description: 'r.', group: 'g', seat: false, requires: ['kb/login'] },
  },
  roles: {
    a: { name: 'A', permissions: ['x/a'] },
    b: { name: 'B', permissions: ['x/b'] },
    c: { name: 'C', permissions: ['x/c'] },
    reader: { name: 'Reader', permissions: ['kb/read'] },
    login: { name: 'Login', permissions: ['kb/login'] },
  },
})
const deep = createPolicy(chain)

const decide = (policy: Policy, user: User, permission: string) => policy.explain(user, permission)

describe('R6: the missing-prerequisite message gives advice that works', () => {
  it('R6: none held, one role: it names every prerequisite and asks for a role that grants one', () => {
    const user = { id: 'tia', roles: ['tagger'], seat: true }
    const d = decide(built, user, TAGS)
    expect(d).toMatchObject({ reason: 'missing-prerequisite', grantedBy: ['tagger'] })
    expect(d.missing).toEqual([
      'contact-center/conversations/view',
      'contact-center/conversations/work-assigned',
      'contact-center/conversations/manage-all',
    ])
    expect(d.message).toBe(
      `User "tia" may not use Tag conversations (${TAGS}): it needs ${BASIC} as well, ` +
        'and they have none of these; give them a role that grants one.',
    )
    expect(built.can({ ...user, roles: [...user.roles, 'viewer'] }, TAGS)).toBe(true) // the advice works
  })

  it('R6: none held, several roles granting it: the same advice, every granting role listed', () => {
    const user = { id: 'tia', roles: ['tagger', 'setup', 'tagger-2'], seat: true }
    const d = decide(built, user, TAGS)
    expect(d.grantedBy).toEqual(['tagger', 'tagger-2'])
    expect(d.message).toMatch(
      /: it needs View conversations, Work on assigned conversations or Manage all conversations as well, /,
    )
    expect(d.message).toMatch(/and they have none of these; give them a role that grants one\.$/)
    expect(d.message).not.toMatch(/seat/)
  })

  it('R4 before R6: a seat-free permission whose held prerequisite needs a seat asks for one, which suffices', () => {
    const user = { id: 'rex', roles: ['reader', 'login'] }
    const d = decide(deep, user, 'kb/read')
    expect(d).toMatchObject({ reason: 'missing-prerequisite', grantedBy: ['reader'], missing: ['kb/login'] })
    expect(d.message).toBe(
      'User "rex" may not use Read articles (kb/read): it needs Log in as well, ' +
        'and Log in, which they hold, needs a seat they do not have; grant them a seat.',
    )
    expect(deep.can({ ...user, seat: true }, 'kb/read')).toBe(true)
    // Without the login role there is nothing a seat would fix: ask for a role instead.
    expect(decide(deep, { id: 'rex', roles: ['reader'], seat: true }, 'kb/read').message).toMatch(
      /they have none of these; give them a role that grants one\.$/,
    )
    expect(decide(deep, { id: 'rex', roles: ['reader'] }, 'kb/read').message).not.toMatch(/grant them a seat/)
  })

  it('R6: a deep chain names the held prerequisite to explain next, and explaining it shows what is lacking', () => {
    const user = { id: 'ada', roles: ['a', 'b'], seat: true }
    const d = decide(deep, user, 'x/a')
    expect(d).toMatchObject({ reason: 'missing-prerequisite', grantedBy: ['a'], missing: ['x/b'] })
    expect(d.message).toBe(
      'User "ada" may not use Ay (x/a): it needs Bee as well, ' +
        'and Bee, which they hold, has no effect itself; explain "x/b" for them to see what is lacking.',
    )
    // Following it: explain x/b, which asks for a role granting Cee or Dee; adding one grants x/a.
    const next = decide(deep, user, 'x/b')
    expect(next).toMatchObject({ reason: 'missing-prerequisite', grantedBy: ['b'], missing: ['x/c', 'x/d'] })
    expect(next.message).toBe(
      'User "ada" may not use Bee (x/b): it needs Cee or Dee as well, ' +
        'and they have none of these; give them a role that grants one.',
    )
    expect(deep.can({ ...user, roles: ['a', 'b', 'c'] }, 'x/a')).toBe(true)
  })

  it('R6: a deep chain without a seat: the user is told about the seat first, then the chain', () => {
    // x/a needs a seat: no-seat comes before missing-prerequisite, and a seat alone is not enough.
    const user = { id: 'ada', roles: ['a', 'b'] }
    expect(decide(deep, user, 'x/a').reason).toBe('no-seat')
    expect(decide(deep, user, 'x/a').message).toMatch(/grant them a seat\.$/)
    expect(decide(deep, { ...user, seat: true }, 'x/a').message).toMatch(/explain "x\/b" for them/)
  })

  it('R6: the message never tells an administrator to explain a permission that is not held', () => {
    for (const roles of [['a'], ['a', 'c'], ['a', 'b'], ['a', 'b', 'c'], ['reader'], ['reader', 'login']]) {
      for (const seat of [true, false]) {
        const user = { id: 'u', roles, seat }
        for (const p of chain.permissions.map((x) => x.id)) {
          const d = decide(deep, user, p)
          for (const [, named] of d.message.matchAll(/explain "([^"]+)"/g)) {
            expect(deep.explain(user, named as string).grantedBy.length, `${roles} ${seat} ${p}`).toBeGreaterThan(0)
          }
          if (d.reason === 'missing-prerequisite' && /grant them a seat/.test(d.message)) {
            expect(deep.can({ ...user, seat: true }, p), `${roles} ${p}`).toBe(true)
          }
        }
      }
    }
  })
})
