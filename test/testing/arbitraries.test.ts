import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, type Policy, SeatguardError, type User } from '../../src/index.js'
import { readUserFields } from '../../src/model/read-user.js'
import { applyRoleEdit, policyArbitraries } from '../../src/testing/index.js'

const built: Policy = createPolicy(conversations)
const edited: Policy = built
  .duplicateRole('agent', { id: 'junior', name: 'Junior agent' })
  .createRole({ id: 'tags-only', name: 'Tags only', permissions: ['conversations/my-work/tags'] })
const roleIds = (p: Policy): string[] => p.roles.map((r) => r.id)
const QUEUES = ['q1', 'q2', 'q3']

describe('R31: the arbitraries draw only values valid for the policy', () => {
  for (const [label, policy] of [
    ['the built-in policy', built],
    ['a policy with custom roles', edited],
  ] as const) {
    it(`R31, R3: on ${label}, every custom role drawn is accepted and every role edit applies`, () => {
      const arbs = policyArbitraries(fc, policy)
      fc.assert(
        fc.property(arbs.customRole, arbs.roleEdit, (role, edit) => {
          const next = policy.createRole(role)
          expect(next.role(role.id)?.kind).toBe('custom')
          expect(() => applyRoleEdit(policy, edit)).not.toThrow()
        }),
        { numRuns: 300 },
      )
    })

    it(`R31, R13, R19: on ${label}, users are well formed, hold the policy's roles (or the one unknown id), and lists have distinct ids`, () => {
      const arbs = policyArbitraries(fc, policy)
      const known = new Set([...roleIds(policy), 'not-a-role'])
      const valid = (u: User): void => {
        expect(readUserFields(u).ok, JSON.stringify(u)).toBe(true)
        for (const r of u.roles) expect(known.has(r)).toBe(true)
        for (const q of u.queues ?? []) expect(QUEUES).toContain(q)
      }
      fc.assert(
        fc.property(arbs.user, arbs.users, arbs.permission, arbs.item, (user, users, permission, item) => {
          valid(user)
          users.forEach(valid)
          expect(new Set(users.map((u) => u.id)).size).toBe(users.length)
          expect(policy.catalogue.permissions.some((p) => p.id === permission)).toBe(true)
          for (const value of [item.queue, item.assignee]) {
            if (value !== undefined) expect(typeof value === 'string' && value !== '').toBe(true)
          }
          expect(policy.explain(user, permission, item).reason).not.toMatch(/invalid|unknown-permission/)
        }),
        { numRuns: 300 },
      )
    })
  }

  it('R31: the edges come up often: no seat, no role, every role at once; unknownRoles: false leaves unknown ids out', () => {
    const users = fc.sample(policyArbitraries(fc, built).user, { numRuns: 300, seed: 7 })
    const all = roleIds(built)
    expect(users.some((u) => u.roles.length === 0)).toBe(true)
    expect(users.some((u) => all.every((r) => u.roles.includes(r)))).toBe(true)
    expect(users.some((u) => u.seat !== true)).toBe(true)
    expect(users.some((u) => u.seat === true)).toBe(true)
    expect(users.some((u) => u.roles.includes('not-a-role'))).toBe(true)
    const strict = fc.sample(policyArbitraries(fc, built, { unknownRoles: false }).user, 300)
    expect(strict.some((u) => u.roles.includes('not-a-role'))).toBe(false)
  })

  it('R31, R13: malformed: true mixes in malformed users and items, which every check denies', () => {
    const arbs = policyArbitraries(fc, built, { malformed: true })
    const users = fc.sample(arbs.user, { numRuns: 300, seed: 3 })
    const items = fc.sample(arbs.item, { numRuns: 300, seed: 3 })
    const bad = users.filter((u) => !readUserFields(u).ok)
    expect(bad.length).toBeGreaterThan(0)
    for (const u of bad) expect(built.can(u, 'contact-center/conversations/view')).toBe(false)
    const badItems = items.filter((i) => i.queue === '' || i.assignee === '')
    expect(badItems.length).toBeGreaterThan(0)
    for (const i of badItems)
      expect(
        built.explain({ id: 'a', roles: ['supervisor'], seat: true }, 'contact-center/conversations/view', i).reason,
      ).toBe('invalid-item')
  })

  it('R31: options bound the sizes and name the queues and user ids', () => {
    const arbs = policyArbitraries(fc, built, { queues: ['billing'], userIds: ['ana', 'bo'], maxRoles: 1, maxUsers: 1 })
    for (const u of fc.sample(arbs.user, 200)) {
      expect(['ana', 'bo']).toContain(u.id)
      expect((u.queues ?? []).every((q) => q === 'billing')).toBe(true)
    }
    for (const list of fc.sample(arbs.users, 100)) expect(list.length).toBeLessThanOrEqual(1)
    for (const u of fc.sample(policyArbitraries(fc, built, { maxRoles: 1, edges: false }).user, 200))
      expect(u.roles.length).toBeLessThanOrEqual(1)
  })

  it('R31: bad options and a value that is not fast-check are refused with data/invalid', () => {
    const code = (run: () => unknown): string | undefined => {
      try {
        run()
      } catch (err) {
        return err instanceof SeatguardError ? err.code : 'not a SeatguardError'
      }
      return undefined
    }
    expect(code(() => policyArbitraries({} as never, built))).toBe('data/invalid')
    expect(code(() => policyArbitraries(fc, {} as never))).toBe('data/invalid')
    expect(code(() => policyArbitraries(fc, built, { queues: ['bad queue'] }))).toBe('data/invalid')
    expect(code(() => policyArbitraries(fc, built, { maxRoles: 0 }))).toBe('data/invalid')
    expect(code(() => policyArbitraries(fc, built, { edges: 'yes' as never }))).toBe('data/invalid')
  })
})
