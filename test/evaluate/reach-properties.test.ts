import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createPolicy,
  createUserIndex,
  defineCatalogue,
  type Reach,
  type User,
  type WorkItem,
} from '../../src/index.js'
import { type RefReach, type RefReachModel, refCan } from './reference-reach.js'

const QUEUES = ['billing', 'sales', 'vip'] as const
const IDS = ['ana', 'ben'] as const

/**
 * Random catalogues with reaches: 1–40 permissions, prerequisites only on earlier ones (so
 * chains of any depth, never a cycle), a reach declared on some permissions without
 * prerequisites, and a few roles; users with queues; items over those queues and ids.
 */
const world = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    seat: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    requires: fc.array(fc.uniqueArray(fc.nat(), { maxLength: 3 }), { minLength: n, maxLength: n }),
    reach: fc.array(fc.constantFrom<RefReach | undefined>(undefined, 'all', 'queue', 'assigned'), {
      minLength: n,
      maxLength: n,
    }),
    roles: fc.array(fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 8 }), { minLength: 1, maxLength: 5 }),
    users: fc.array(
      fc.record({
        roles: fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 3 }),
        seat: fc.boolean(),
        queues: fc.array(fc.constantFrom(...QUEUES), { maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  }),
)

const item = fc.record(
  { queue: fc.constantFrom(...QUEUES, 'other'), assignee: fc.constantFrom(...IDS, 'cy') },
  { requiredKeys: [] },
)

type World = typeof world extends fc.Arbitrary<infer T> ? T : never

function build(w: World) {
  const id = (i: number): string => `p${i}`
  const reqs = w.requires.map((r, i) => (i === 0 ? [] : [...new Set(r.map((q) => id(q % i)))]))
  const model: RefReachModel = {
    permissions: w.seat.map((seat, i) => ({
      id: id(i),
      seat,
      requires: reqs[i] ?? [],
      reach: (reqs[i] ?? []).length === 0 ? w.reach[i] : undefined,
    })),
    roles: new Map(w.roles.map((ps, r) => [`r${r}`, ps.map(id)])),
  }
  const catalogue = defineCatalogue({
    id: 'w',
    name: 'World',
    version: '1',
    permissions: Object.fromEntries(
      model.permissions.map((p) => [
        p.id,
        {
          name: p.id,
          description: 'd',
          group: 'g',
          seat: p.seat,
          requires: [...p.requires],
          ...(p.reach ? { reach: p.reach } : {}),
        },
      ]),
    ),
    roles: Object.fromEntries([...model.roles].map(([r, ps]) => [r, { name: r, permissions: [...ps] }])),
  })
  const users: User[] = w.users.map((u, i) => ({
    id: IDS[i] ?? 'ana',
    roles: u.roles.map((r) => `r${r}`),
    seat: u.seat,
    queues: u.queues,
  }))
  return { model, policy: createPolicy(catalogue), users, ids: model.permissions.map((p) => p.id) }
}

/** Whether a reach admits an item, read as a filter would read it (R23). */
function admitted(reach: Reach, it: WorkItem): boolean {
  if (reach.kind === 'all') return true
  if (reach.kind === 'none') return false
  return (
    (it.queue !== undefined && reach.queues.includes(it.queue)) ||
    (reach.assignee !== null && it.assignee === reach.assignee)
  )
}

const RUNS = 200

describe('reach properties on random catalogues, users with queues and items', { timeout: 60_000 }, () => {
  it('R20, R21: the compiled item check equals the reference evaluator', () => {
    fc.assert(
      fc.property(world, fc.array(item, { minLength: 1, maxLength: 4 }), (w, items) => {
        const { model, policy, users, ids } = build(w)
        for (const user of users)
          for (const p of ids)
            for (const it of items) expect(policy.can(user, p, it)).toBe(refCan(model, user as never, p, it))
      }),
      { numRuns: RUNS },
    )
  })

  it('R23: can(user, p, item) equals "reach(user, p) admits item", for every user, permission and item', () => {
    fc.assert(
      fc.property(world, fc.array(item, { minLength: 1, maxLength: 4 }), (w, items) => {
        const { policy, users, ids } = build(w)
        for (const user of users)
          for (const p of ids) {
            const reach = policy.reach(user, p)
            for (const it of items) expect(policy.can(user, p, it)).toBe(admitted(reach, it))
            if (reach.kind === 'none') expect(reach.reason).toBe(policy.explain(user, p).reason)
          }
      }),
      { numRuns: RUNS },
    )
  })

  it('R4, R21: an item check never allows what the item-less check denies; no seat, no seat-requiring reach', () => {
    fc.assert(
      fc.property(world, item, (w, it) => {
        const { model, policy, users, ids } = build(w)
        for (const user of users)
          for (const p of ids) {
            if (policy.can(user, p, it)) expect(policy.can(user, p)).toBe(true)
            const paid = model.permissions.find((q) => q.id === p)?.seat === true
            if (paid && user.seat !== true) expect(policy.reach(user, p).kind).toBe('none')
          }
      }),
      { numRuns: RUNS },
    )
  })

  it('R22, R25: explain, the index and the top-level reasons agree with can on every item', () => {
    fc.assert(
      fc.property(world, item, (w, it) => {
        const { policy, users, ids } = build(w)
        const index = createUserIndex(policy, users)
        for (const user of users)
          for (const p of ids) {
            const allowed = policy.can(user, p, it)
            const decision = policy.explain(user, p, it)
            expect(decision.allowed).toBe(allowed)
            expect(index.can(user.id, p, it)).toBe(allowed)
            expect(index.explain(user.id, p, it)).toEqual(decision)
            expect(index.reach(user.id, p)).toEqual(policy.reach(user, p))
            if (decision.reason === 'out-of-reach') expect(decision.reach).toEqual(policy.reach(user, p))
          }
        expect(index.queueReport()).toEqual(policy.queueReport(users))
      }),
      { numRuns: RUNS },
    )
  })
})
