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

  it('R13: can agrees with explain on a roles array whose own iterator lies about its elements', () => {
    // can reads roles by index; explain, access and check must read the same elements.
    const tags = 'conversations/my-work/tags'
    const hidden = Object.assign(['agent'], { [Symbol.iterator]: function* () {} })
    const extra = Object.assign([] as string[], {
      *[Symbol.iterator]() {
        yield 'agent'
      },
    })
    for (const roles of [hidden, extra]) {
      const user = { id: 'u', roles, seat: true }
      expect(policy.explain(user, tags).allowed).toBe(policy.can(user, tags))
      expect(explain(user, tags).allowed).toBe(can(user, tags))
      expect(policy.access(user).permissions.includes(tags)).toBe(policy.can(user, tags))
    }
    expect(policy.can({ id: 'u', roles: hidden, seat: true }, tags)).toBe(true)
  })
})
