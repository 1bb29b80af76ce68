/*
 * Part of the published store conformance suite (seatguard/testing, R28, R29): these tests
 * run against every PolicyStore, ours and third-party adapters, so they live in src/ and
 * ship in the package. test/ holds the tests of this repository only.
 */
import type { SeatguardError } from '../errors.js'
import type { StoredUser } from '../model/user.js'
import { eventually, everything, type Harness, refused, VIEW } from './_harness.js'
import { HOSTILE_WRITES, revoked } from './_hostile.js'
import { describe, expect, it } from './_vitest.js'

/** Rejects with "still pending" when `promise` has not settled within `ms`, instead of hanging the test. */
export function within<T>(promise: Promise<T>, ms = 10_000, what = 'a promise'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} was still pending after ${ms} ms`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

const user = (id: string): StoredUser => ({ id, roles: ['viewer'], seat: false, version: 1 })

/** R28 graceful close and R29 hostile input, through the service and at the store's own entries. */
export function shutdownTests(h: Harness): void {
  describe('R29 hostile input', () => {
    it('R29: every hostile argument to the service over this store is data/invalid and writes nothing', async () => {
      const ac = await h.service()
      await ac.createRole({ id: 'mine', name: 'Mine', permissions: [VIEW] })
      await ac.setUser({ id: 'ana', roles: ['agent', 'mine'] })
      await ac.setUser({ id: 'ben', roles: ['agent'] })
      const before = await everything(await h.store(), ac.tenant)
      for (const [what, call] of HOSTILE_WRITES) {
        const err = await refused(call(ac), 'data/invalid')
        expect(err.message, what).not.toBe('')
      }
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
    }, 60_000)
  })

  describe('R28 graceful close', () => {
    it('R28: close() with 20 writes in flight waits for them, refuses later calls at once, and leaves nothing pending', async () => {
      const store = await h.store()
      const ac = await h.service()
      let settled = 0
      const writes = Array.from({ length: 20 }, (_, i) => {
        const write = ac.setUser({ id: `u${i}`, roles: ['agent'] })
        void write.then(
          () => settled++,
          () => settled++,
        )
        return write
      })
      const closing = ac.close()
      const started = Date.now()
      await refused(ac.setUser({ id: 'late', roles: ['viewer'] }), 'store/unavailable')
      await refused(ac.can('u0', VIEW), 'store/unavailable')
      expect(Date.now() - started).toBeLessThan(1000) // at once, not after the writes
      await within(closing, 20_000, 'close()')
      expect(settled).toBe(20) // close resolved only once every accepted write had settled
      // The store was open the whole time, so every accepted write was written and resolved.
      const written = await within(Promise.all(writes), 1000, 'a write')
      expect(written.map((u) => u.id)).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`))
      expect((await store.load(ac.tenant)).users).toHaveLength(20)
      await within(store.close?.() ?? Promise.resolve(), 20_000, 'store.close()')
    }, 60_000)

    it("R28: the store's close() waits for its transactions under way and refuses later calls at once", async (ctx) => {
      const store = await h.store()
      if (typeof store.close !== 'function') return ctx.skip() // optional: nothing to close
      const tenant = h.tenant()
      let release: () => void = () => undefined
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      let inside = false
      const running = store.transaction(tenant, async (tx) => {
        inside = true
        await gate
        await tx.putUser(user('held'))
        return 'done'
      })
      expect(await eventually(async () => inside)).toBe(true)
      let closed = false
      const closing = store.close().then(() => {
        closed = true
      })
      await refused(within(store.load(tenant), 1000, 'load() after close()'), 'store/unavailable')
      await refused(
        within(
          store.transaction(tenant, async () => 'late'),
          1000,
          'transaction() after close()',
        ),
        'store/unavailable',
      )
      await refused(within(store.audit(tenant), 1000, 'audit() after close()'), 'store/unavailable')
      await new Promise((resolve) => setTimeout(resolve, 30))
      expect(closed).toBe(false) // still waiting for the transaction under way
      release()
      expect(await within(running, 10_000, 'the transaction under way')).toBe('done')
      await within(closing, 10_000, 'store.close()')
      await within(store.close(), 1000, 'a second store.close()') // closing twice is fine
    }, 30_000)
  })

  describe('R29 store entries', () => {
    it('R29: a tenant that is not a string, or a work that is not a function, is data/invalid and writes nothing', async () => {
      const store = await h.store()
      const tenant = h.tenant()
      for (const bad of [undefined, 7, Symbol('t'), revoked({}), ['t']]) {
        const code = async (p: () => Promise<unknown>) => (await p().catch((e: SeatguardError) => e)) as SeatguardError
        expect((await code(() => store.load(bad as never))).code).toBe('data/invalid')
        expect((await code(() => store.audit(bad as never))).code).toBe('data/invalid')
        expect((await code(() => store.transaction(bad as never, async () => 1))).code).toBe('data/invalid')
        expect((await code(() => store.transaction(tenant, bad as never))).code).toBe('data/invalid')
      }
      expect(await everything(store, tenant)).toEqual({ state: { version: 0, roles: [], users: [] }, audit: [] })
    })
  })
}
