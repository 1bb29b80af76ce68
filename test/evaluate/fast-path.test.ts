import { describe, expect, it } from 'vitest'
import { can, conversations, createPolicy, explain, type User } from '../../src/index.js'

// Top-level can/explain compile the built-in policy directly (no Policy class, for bundle size),
// and canCompiled reads role rows from a table and checks the id last (for speed); behaviour
// must stay exactly that of createPolicy(conversations).
describe('top-level can/explain (compiled directly, without the Policy class)', () => {
  const policy = createPolicy(conversations)
  const roleIds = conversations.roles.map((r) => r.id)
  const users: User[] = []
  // Every subset of the default roles, plus an unknown role, with and without a seat.
  for (let mask = 0; mask < 1 << roleIds.length; mask++) {
    const roles = roleIds.filter((_, i) => (mask & (1 << i)) !== 0)
    for (const seat of [true, false]) {
      users.push({ id: `u${mask}`, roles, seat }, { id: `x${mask}`, roles: [...roles, 'no-such-role'], seat })
    }
  }

  it('R1, R4, R6, R13: agrees with createPolicy(conversations) for every role set, seat and permission', () => {
    for (const user of users) {
      for (const { id } of conversations.permissions) {
        expect(can(user, id)).toBe(policy.can(user, id))
        expect(explain(user, id)).toEqual(policy.explain(user, id))
      }
    }
  })

  it('R13: refuses malformed users and permissions even where the roles would grant', () => {
    const view = 'contact-center/conversations/view'
    const bad: unknown[] = [
      { id: '', roles: ['viewer'], seat: true },
      { id: 7, roles: ['viewer'], seat: true },
      { roles: ['viewer'], seat: true },
      { id: 'u', roles: ['viewer', 7], seat: true },
      { id: 'u', roles: 'viewer', seat: true },
      { id: 'u', roles: ['viewer'], seat: 'yes' },
      null,
    ]
    for (const user of bad) expect(can(user as User, view)).toBe(false)
    expect(can({ id: 'u', roles: ['viewer'] }, view)).toBe(true)
    expect(can({ id: 'u', roles: ['viewer'] }, 'toString' as string)).toBe(false)
    expect(can({ id: 'u', roles: ['__proto__', 'constructor'], seat: true }, view)).toBe(false)
  })
})
