/*
 * Part of the published store conformance suite (seatguard/testing, R15): these tests run
 * against every PolicyStore, ours and third-party adapters, so they live in src/ and ship in
 * the package. test/ holds the tests of this repository only.
 */
import type { AccessControl } from '../service/types.js'
import type { PolicyStore } from '../store/types.js'
import { ASSIGN, eventually, everything, type Harness, refused } from './_harness.js'
import { describe, expect, it } from './_vitest.js'

/** Whether the store keeps a seat limit (the optional `seatLimit` / `putSeatLimit` pair of its transactions). */
const keepsLimit = (store: PolicyStore, tenant: string): Promise<boolean> =>
  store.transaction(tenant, async (tx) => typeof tx.seatLimit === 'function' && typeof tx.putSeatLimit === 'function')

/** The store without its change feed: a service on it learns of others' writes only from refresh(). */
const deaf = (store: PolicyStore): PolicyStore => ({
  load: (t) => store.load(t),
  audit: (t, q) => store.audit(t, q),
  transaction: (t, w) => store.transaction(t, w),
})

const outcome = (r: PromiseSettledResult<unknown>): string =>
  r.status === 'fulfilled' ? 'ok' : String((r.reason as { code?: string }).code)

async function agents(ac: AccessControl, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `u${i}`)
  for (const id of ids) await ac.setUser({ id, roles: ['agent'] })
  return ids
}

/** R15: the seat limit is tenant data in the store; every service on it enforces the same one. */
export function seatLimitTests(h: Harness): void {
  describe('R15 seat limit', () => {
    it('R15: a store that keeps no seat limit refuses setSeatLimit, writing nothing', async (ctx) => {
      const store = await h.store()
      const ac = await h.service()
      if (await keepsLimit(store, ac.tenant)) return ctx.skip()
      const before = await everything(store, ac.tenant)
      await refused(ac.setSeatLimit(1), 'data/invalid')
      expect(await everything(store, ac.tenant)).toEqual(before)
      expect(await ac.seats()).toMatchObject({ limit: null, available: null })
    })

    describe('with a store that keeps one', () => {
      const service = async (ctx: { skip: () => void }): Promise<AccessControl> => {
        const ac = await h.service()
        if (!(await keepsLimit(await h.store(), ac.tenant))) ctx.skip()
        return ac
      }

      it('R15: the transaction reads the stored limit and its own writes; a failed one keeps nothing; load carries it', async (ctx) => {
        const ac = await service(ctx)
        const store = await h.store()
        const t = h.tenant()
        expect(await store.transaction(t, async (tx) => tx.seatLimit?.())).toEqual({ limit: null, version: 0 })
        const seen = await store.transaction(t, async (tx) => {
          await tx.putSeatLimit?.({ limit: 3, version: 1 })
          return tx.seatLimit?.()
        })
        expect(seen).toEqual({ limit: 3, version: 1 })
        await expect(
          store.transaction(t, async (tx) => {
            await tx.putSeatLimit?.({ limit: 0, version: 2 })
            throw new Error('rolled back')
          }),
        ).rejects.toThrow('rolled back')
        expect(await store.transaction(t, async (tx) => tx.seatLimit?.())).toEqual({ limit: 3, version: 1 })
        expect((await store.load(t)).seatLimit).toEqual({ limit: 3, version: 1 })
        // R18: another tenant has no limit.
        expect(await store.transaction(ac.tenant, async (tx) => tx.seatLimit?.())).toEqual({ limit: null, version: 0 })
      })

      it('R15/R16/R17: setSeatLimit is versioned and audited as tenant.seat-limit-set; the same limit again is a no-op', async (ctx) => {
        const ac = await service(ctx)
        expect(await ac.setSeatLimit(null)).toEqual({ limit: null, version: 0 }) // never set: nothing to change
        expect(await ac.setSeatLimit(5, { actor: 'billing' })).toEqual({ limit: 5, version: 1 })
        expect(await ac.setSeatLimit(5)).toEqual({ limit: 5, version: 1 })
        expect(await ac.setSeatLimit(0, { expectedVersion: 1 })).toEqual({ limit: 0, version: 2 })
        expect(await ac.setSeatLimit(null)).toEqual({ limit: null, version: 3 })
        const log = await ac.audit()
        expect(log.map((e) => [e.seq, e.action, e.target, e.actor, e.before, e.after])).toEqual([
          [1, 'tenant.seat-limit-set', ac.tenant, 'billing', null, { limit: 5, version: 1 }],
          [2, 'tenant.seat-limit-set', ac.tenant, null, { limit: 5, version: 1 }, { limit: 0, version: 2 }],
          [3, 'tenant.seat-limit-set', ac.tenant, null, { limit: 0, version: 2 }, { limit: null, version: 3 }],
        ])
        expect(ac.snapshotVersion()).toBe(3)
        expect((await (await h.store()).load(ac.tenant)).seatLimit).toEqual({ limit: null, version: 3 })
        const before = await everything(await h.store(), ac.tenant)
        await refused(ac.setSeatLimit(9, { expectedVersion: 2 }), 'store/conflict')
        for (const bad of [-1, 1.5, '3', Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, undefined, {}]) {
          await refused(ac.setSeatLimit(bad as number), 'data/invalid')
        }
        expect(await everything(await h.store(), ac.tenant)).toEqual(before)
      })

      it('R15: refuses a grant beyond the seat limit, also under 50 racing grants', async (ctx) => {
        const ac = await service(ctx)
        await ac.setSeatLimit(10)
        const ids = await agents(ac, 50)
        const codes = (await Promise.allSettled(ids.map((id) => ac.grantSeat(id)))).map(outcome)
        expect(codes.filter((c) => c === 'ok')).toHaveLength(10)
        expect(codes.filter((c) => c === 'seat/limit-reached')).toHaveLength(40)
        expect((await (await h.store()).load(ac.tenant)).users.filter((u) => u.seat)).toHaveLength(10)
        expect(await ac.seats()).toEqual({ limit: 10, held: 10, available: 0, limitVersion: 1 })
        expect((await ac.seatReport()).totals).toMatchObject({ seatsUsed: 10, limit: 10, overLimit: false })
        expect((await ac.audit({ after: 51 })).every((e) => e.action === 'seat.granted')).toBe(true)
      })

      it('R15: setUser cannot take a seat beyond the limit either; keeping a held seat is fine', async (ctx) => {
        const ac = await service(ctx)
        await ac.setSeatLimit(1)
        await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
        const err = await refused(ac.setUser({ id: 'bo', roles: ['agent'], seat: true }), 'seat/limit-reached')
        expect(err.problems.some((p) => p.code === 'seat/limit-reached')).toBe(true)
        expect(await ac.user('bo')).toBeUndefined()
        expect((await ac.setUser({ id: 'ana', roles: ['supervisor'] })).seat).toBe(true)
        expect(await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })).toMatchObject({ seat: true, version: 3 })
        await ac.revokeSeat('ana')
        expect((await ac.grantSeat('ana')).seat).toBe(true)
      })

      it('R15: a limit set on one service binds another at once, inside the transaction, before its snapshot hears of it', async (ctx) => {
        const a = await service(ctx)
        const b = await h.service({ tenant: a.tenant, store: deaf(await h.store()) })
        await agents(a, 3)
        await b.refresh()
        await a.setSeatLimit(1)
        expect((await b.seats()).limit).toBeNull() // b has not caught up...
        expect(await b.grantSeat('u0')).toMatchObject({ seat: true })
        await refused(b.grantSeat('u1'), 'seat/limit-reached') // ...but the store's limit holds
        await refused(b.setUser({ id: 'u2', roles: ['agent'], seat: true }), 'seat/limit-reached')
        expect(await b.refresh()).toBe(5)
        expect(await b.seats()).toEqual({ limit: 1, held: 1, available: 0, limitVersion: 1 })
      })

      it("R15: another service's snapshot catches up with a new limit through the change feed (or refresh)", async (ctx) => {
        const a = await service(ctx)
        const b = await h.service({ tenant: a.tenant })
        await a.setUser({ id: 'ana', roles: ['agent'], seat: true })
        await a.setSeatLimit(4, { actor: 'billing' })
        const store = await h.store()
        if (!store.watch) await b.refresh()
        expect(await eventually(async () => (await b.seats()).limit === 4)).toBe(true)
        expect(await b.seats()).toEqual({ limit: 4, held: 1, available: 3, limitVersion: 1 })
        expect((await b.seatReport()).totals).toMatchObject({ limit: 4, overLimit: false })
        expect(await b.setSeatLimit(4, { expectedVersion: 1 })).toEqual({ limit: 4, version: 1 }) // no-op on b too
        expect(await b.setSeatLimit(2, { expectedVersion: 1 })).toEqual({ limit: 2, version: 2 })
        if (!store.watch) await a.refresh()
        expect(await eventually(async () => (await a.seats()).limit === 2)).toBe(true)
        await refused(a.setSeatLimit(7, { expectedVersion: 1 }), 'store/conflict')
      })

      it('R15: grants racing from three services never exceed the stored limit', async (ctx) => {
        const a = await service(ctx)
        const others = [await h.service({ tenant: a.tenant }), await h.service({ tenant: a.tenant })]
        const ids = await agents(a, 45)
        await a.setSeatLimit(8)
        const all = [a, ...others]
        const results = await Promise.allSettled(
          ids.map((id, i) =>
            i % 2 ? all[i % 3]?.grantSeat(id) : all[i % 3]?.setUser({ id, roles: ['agent'], seat: true }),
          ),
        )
        const codes = results.map(outcome)
        expect(codes.filter((c) => c === 'ok')).toHaveLength(8)
        expect(codes.filter((c) => c === 'seat/limit-reached')).toHaveLength(37)
        expect((await (await h.store()).load(a.tenant)).users.filter((u) => u.seat)).toHaveLength(8)
      })

      it('R15: lowering the limit below the seats held revokes nothing; further grants fail until seats are freed', async (ctx) => {
        const ac = await service(ctx)
        for (const id of ['ana', 'ben', 'cy']) await ac.setUser({ id, roles: ['agent'], seat: true })
        await ac.setUser({ id: 'dee', roles: ['agent'] })
        await ac.setSeatLimit(1)
        expect((await ac.users()).filter((u) => u.seat).map((u) => u.id)).toEqual(['ana', 'ben', 'cy'])
        expect(await ac.can('ben', ASSIGN)).toBe(true)
        expect(await ac.seats()).toEqual({ limit: 1, held: 3, available: 0, limitVersion: 1 })
        expect((await ac.seatReport()).totals).toMatchObject({ seatsUsed: 3, limit: 1, overLimit: true })
        await refused(ac.grantSeat('dee'), 'seat/limit-reached')
        // Changing a seat holder's roles keeps the seat: it takes no new one.
        expect(await ac.setUser({ id: 'cy', roles: ['supervisor'] })).toMatchObject({ seat: true })
        await ac.revokeSeat('ana')
        await refused(ac.grantSeat('dee'), 'seat/limit-reached') // 2 held, limit 1
        await ac.revokeSeat('ben')
        await refused(ac.grantSeat('dee'), 'seat/limit-reached') // 1 held, limit 1
        await ac.revokeSeat('cy')
        expect(await ac.grantSeat('dee')).toMatchObject({ seat: true })
        expect((await ac.seatReport()).totals).toMatchObject({ seatsUsed: 1, limit: 1, overLimit: false })
      })
    })
  })
}
