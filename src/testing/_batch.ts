/*
 * Part of the published store conformance suite (seatguard/testing, R38): these tests run
 * against every PolicyStore, ours and third-party adapters, so they live in src/ and ship in
 * the package. test/ holds the tests of this repository only.
 */
import type { AuditDraft } from '../model/audit.js'
import type { StoredUser } from '../model/user.js'
import type { AccessControl } from '../service/types.js'
import type { PolicyStore, StoreTransaction } from '../store/types.js'
import { ASSIGN, everything, type Harness, refused } from './_harness.js'
import { describe, expect, it } from './_vitest.js'

const BATCH_METHODS = ['usersById', 'putUsers', 'appendAll'] as const
const TX_METHODS = [
  'roles',
  'user',
  'usersWithRole',
  'seatsHeld',
  'putRole',
  'removeRole',
  'retiredRoleVersion',
  'putUser',
  'seatLimit',
  'putSeatLimit',
  'append',
  ...BATCH_METHODS,
] as const

/**
 * The store with every transaction method counted, and, with `hide`, without the batch methods:
 * a service on it takes the fallback path (one call per record, same transaction).
 */
function spied(store: PolicyStore, hide: boolean): { store: PolicyStore; calls: Map<string, number> } {
  const calls = new Map<string, number>()
  const wrap = (tx: StoreTransaction): StoreTransaction => {
    const out: Record<string, unknown> = {}
    for (const name of TX_METHODS) {
      const method = (tx as unknown as Record<string, unknown>)[name]
      if (typeof method !== 'function' || (hide && (BATCH_METHODS as readonly string[]).includes(name))) continue
      out[name] = (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1)
        return (method as (...a: unknown[]) => unknown).apply(tx, args)
      }
    }
    return out as unknown as StoreTransaction
  }
  const watch = store.watch
  return {
    calls,
    store: {
      load: (t) => store.load(t),
      audit: (t, q) => store.audit(t, q),
      transaction: (t, work) => store.transaction(t, (tx) => work(wrap(tx))),
      ...(watch === undefined ? {} : { watch: (listener) => watch.call(store, listener) }),
    },
  }
}

const user = (id: string, version = 1, seat = false): StoredUser => ({ id, roles: ['viewer'], seat, version })
const draft = (u: StoredUser): AuditDraft => ({
  at: new Date().toISOString(),
  actor: 'conformance',
  action: 'user.set',
  target: u.id,
  before: null,
  after: u,
})
const agents = (from: number, n: number, seat = true) =>
  Array.from({ length: n }, (_, i) => ({ id: `u${from + i}`, roles: ['agent'], seat }))

/** What a batch must do through the service, on a store (its own batch methods, or the fallback). */
function serviceBatchTests(h: Harness, name: string, hide: boolean): void {
  describe(`setUsers through the service, ${name}`, () => {
    /** A service on the spied store, and the batch methods its transactions offer (none when hidden). */
    const open = async (
      tenant?: string,
    ): Promise<{ ac: AccessControl; calls: Map<string, number>; offers: (m: string) => boolean }> => {
      const { store, calls } = spied(await h.store(), hide)
      const ac = await h.service({ store, ...(tenant === undefined ? {} : { tenant }) })
      const offered = await store.transaction(ac.tenant, async (tx) =>
        BATCH_METHODS.filter((m) => typeof tx[m] === 'function'),
      )
      calls.clear()
      return { ac, calls, offers: (m) => (offered as readonly string[]).includes(m) }
    }

    it('R38/R14: a batch with one invalid user writes nothing (audit, versions, seats), every problem at its position', async () => {
      const { ac, calls, offers } = await open()
      await ac.setUsers([...agents(0, 3), { id: 'v', roles: ['viewer'] }])
      const before = await everything(await h.store(), ac.tenant)
      const err = await refused(
        ac.setUsers([
          { id: 'u0', roles: ['viewer'], seat: false },
          ...agents(10, 40),
          { id: 'bad', roles: ['agent', 'supervisor'] },
          { id: 'v', roles: ['ghost'] },
        ]),
        'assignment/exclusive-roles',
      )
      const errors = err.problems.filter((p) => p.severity === 'error').map((p) => [p.path, p.code])
      expect(errors).toEqual([
        ['users[41]', 'assignment/exclusive-roles'],
        ['users[42]', 'assignment/unknown-role'],
      ])
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
      expect(await ac.seats()).toMatchObject({ held: 3 })
      expect(calls.get('putUser') ?? 0).toBe(offers('putUsers') ? 0 : 4) // only the first batch wrote
      if (hide) for (const m of BATCH_METHODS) expect(calls.get(m) ?? 0).toBe(0)
    })

    it('R38/R17: one user.set per changed user in batch order, none for unchanged ones; the records in batch order', async () => {
      const { ac, calls, offers } = await open()
      await ac.setUsers([
        { id: 'same', roles: ['viewer'] },
        { id: 'moved', roles: ['viewer'] },
      ])
      const before = ac.snapshotVersion()
      const ids = Array.from({ length: 120 }, (_, i) => `n${119 - i}`) // not in id order
      const out = await ac.setUsers(
        [
          { id: 'moved', roles: ['agent'], seat: true, queues: ['billing'] },
          ...ids.map((id) => ({ id, roles: ['viewer'] })),
          { id: 'same', roles: ['viewer'] },
        ],
        { actor: 'sync' },
      )
      expect(out.map((u) => `${u.id}@${u.version}`)).toEqual(['moved@2', ...ids.map((id) => `${id}@1`), 'same@1'])
      const log = await ac.audit({ after: before })
      expect(log.map((e) => [e.seq, e.target])).toEqual(['moved', ...ids].map((id, i) => [before + i + 1, id]))
      expect(log.every((e) => e.action === 'user.set' && e.actor === 'sync')).toBe(true)
      expect(log[0]?.before).toEqual({ id: 'moved', roles: ['viewer'], seat: false, version: 1 })
      expect(ac.snapshotVersion()).toBe(before + 121) // read your own writes
      expect(await ac.can('moved', ASSIGN)).toBe(true)
      const state = await (await h.store()).load(ac.tenant)
      expect(state.users.map((u) => u.id)).toEqual(['same', 'moved', ...ids]) // new users in batch order
      // Each batch method the store offers was used; without usersById, one user(id) per id of both batches.
      for (const m of BATCH_METHODS) expect((calls.get(m) ?? 0) > 0, m).toBe(offers(m))
      if (!offers('usersById')) expect(calls.get('user')).toBe(2 + 122)
    })

    it('R38/R16: a stale expectedVersion of one user refuses the batch with store/conflict and writes nothing', async () => {
      const { ac } = await open()
      await ac.setUsers([{ id: 'ana', roles: ['agent'] }])
      const before = await everything(await h.store(), ac.tenant)
      const err = await refused(
        ac.setUsers([
          { id: 'bo', roles: ['viewer'], expectedVersion: 0 },
          { id: 'ana', roles: ['viewer'], expectedVersion: 0 },
        ]),
        'store/conflict',
      )
      expect(err.problems.map((p) => p.path)).toEqual(['users[1]'])
      expect(err.context).toEqual({ index: 1, user: 'ana' })
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
      const ok = await ac.setUsers([{ id: 'ana', roles: ['viewer'], expectedVersion: 1 }])
      expect(ok[0]?.version).toBe(2)
    })

    it('R38/R15: a batch that would pass the stored seat limit is refused whole; batches racing from two services never pass it', async (ctx) => {
      const { ac } = await open()
      const store = await h.store()
      if (!(await store.transaction(ac.tenant, async (tx) => typeof tx.seatLimit === 'function'))) return ctx.skip()
      await ac.setSeatLimit(10)
      await ac.setUsers(agents(0, 4))
      const before = await everything(store, ac.tenant)
      const err = await refused(ac.setUsers(agents(4, 7)), 'seat/limit-reached')
      expect(err.problems.map((p) => p.path)).toEqual(['users[6]']) // 4 held, room for 6
      expect(await everything(store, ac.tenant)).toEqual(before)
      const { ac: other } = await open(ac.tenant)
      const results = await Promise.allSettled([ac.setUsers(agents(100, 5)), other.setUsers(agents(200, 5))])
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
      const seats = (await store.load(ac.tenant)).users.filter((u) => u.seat)
      expect(seats).toHaveLength(9)
    })
  })
}

/** R38: the optional batch methods of a store's transactions, and setUsers over them and without them. */
export function batchTests(h: Harness): void {
  describe('R38 batch writes', () => {
    it("R38: usersById, putUsers and appendAll (when offered) read and write as their one-record peers, in the transaction's order", async (ctx) => {
      const store = await h.store()
      const [tenant, other] = [h.tenant(), h.tenant()]
      const offered = await store.transaction(tenant, async (tx) => BATCH_METHODS.map((m) => typeof tx[m]))
      if (offered.every((t) => t !== 'function')) return ctx.skip() // optional: setUsers falls back
      await store.transaction(tenant, async (tx) => {
        await tx.putUser(user('m'))
        await tx.append(draft(user('m')))
      })
      const seen = await store.transaction(tenant, async (tx) => {
        const users = [user('z', 1, true), user('m', 2, true), user('a')]
        if (tx.putUsers) await tx.putUsers(users)
        else for (const u of users) await tx.putUser(u)
        const found = (await tx.usersById?.(['a', 'nobody', 'm'])) ?? []
        const entries = (await tx.appendAll?.([draft(user('z')), draft(user('a'))])) ?? []
        const last = await tx.append(draft(user('m', 2)))
        return {
          found: [...found].sort((x, y) => x.id.localeCompare(y.id)),
          seqs: [...entries.map((e) => [e.seq, e.target, e.tenant]), [last.seq, last.target, last.tenant]],
          seats: await tx.seatsHeld(),
        }
      })
      if (offered[0] === 'function') expect(seen.found).toEqual([user('a'), user('m', 2, true)])
      expect(seen.seats).toBe(2)
      if (offered[2] === 'function')
        expect(seen.seqs).toEqual([
          [2, 'z', tenant],
          [3, 'a', tenant],
          [4, 'm', tenant],
        ])
      const state = await store.load(tenant)
      expect(state.users.map((u) => `${u.id}@${u.version}`)).toEqual(['m@2', 'z@1', 'a@1'])
      expect((await store.audit(tenant)).map((e) => e.seq)).toEqual(
        Array.from({ length: state.version }, (_, i) => i + 1),
      )
      const boom = new Error('boom')
      await expect(
        store.transaction(tenant, async (tx) => {
          await tx.putUsers?.([user('lost'), user('m', 3)])
          await tx.appendAll?.([draft(user('lost'))])
          throw boom
        }),
      ).rejects.toBe(boom)
      expect(await store.load(tenant)).toEqual(state) // R14: nothing of it kept
      expect(await store.transaction(other, async (tx) => (await tx.usersById?.(['m'])) ?? [])).toEqual([]) // R18
    })

    serviceBatchTests(h, "on the store's batch methods", false)
    serviceBatchTests(h, 'falling back to one call per record (a store without the batch methods)', true)
  })
}
