import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  type AccessControl,
  conversations,
  createAccessControl,
  createMemoryStore,
  type PolicyStore,
} from '../../src/index.js'

/** A memory store without its change feed (only polls tell services of a change), counting calls. */
function counting(withVersions = true) {
  const inner = createMemoryStore()
  const calls = { versions: 0, audit: 0, auditBy: new Map<string, number>(), listed: 0 }
  const store: PolicyStore = {
    load: (t) => inner.load(t),
    audit: (t, q) => {
      calls.audit++
      calls.auditBy.set(t, (calls.auditBy.get(t) ?? 0) + 1)
      return inner.audit(t, q)
    },
    transaction: (t, w) => inner.transaction(t, w),
    ...(withVersions
      ? {
          versions: async (tenants: readonly string[]) => {
            calls.versions++
            calls.listed = tenants.length
            return (await inner.versions?.(tenants)) ?? new Map()
          },
        }
      : {}),
  }
  return { inner, store, calls }
}

const open = (store: PolicyStore, tenant: string, pollInterval: number) =>
  createAccessControl({ catalogue: conversations, store, tenant, pollInterval })

const openMany = (store: PolicyStore, n: number, pollInterval = 1000) =>
  Promise.all(Array.from({ length: n }, (_, i) => open(store, `t${i}`, pollInterval)))

const closeAll = (services: readonly AccessControl[]) => Promise.all(services.map((s) => s.close()))

describe('one safety-net poll per store (R30)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('R30: 1,000 tenants on one store cost one versions() call per interval and no audit poll while nothing changes', async () => {
    const { store, calls } = counting()
    const services = await openMany(store, 1000)
    await vi.advanceTimersByTimeAsync(3000)
    expect(calls.versions).toBe(3)
    expect(calls.listed).toBe(1000)
    expect(calls.audit).toBe(0)
    await closeAll(services)
    await vi.advanceTimersByTimeAsync(3000)
    expect(calls.versions).toBe(3) // nobody follows the store any more: no poll
  })

  it('R30: a change of one tenant is caught up by that tenant alone', async () => {
    const { inner, store, calls } = counting()
    const services = await openMany(store, 100)
    const writer = await open(inner, 't7', 0)
    await writer.setUser({ id: 'ana', roles: ['agent'] })
    const t7 = services[7] as AccessControl
    expect(t7.snapshotVersion()).toBe(0) // the store has no feed: only the poll can tell
    await vi.advanceTimersByTimeAsync(1000)
    expect(t7.snapshotVersion()).toBe(1)
    expect(await t7.user('ana')).toMatchObject({ id: 'ana', roles: ['agent'] })
    expect([...calls.auditBy.keys()]).toEqual(['t7'])
    expect(calls.versions).toBe(1)
    await closeAll([...services, writer])
  })

  it('R30: tenants with different pollIntervals on one store are polled at the smallest, and at the next once it closes', async () => {
    const { store, calls } = counting()
    const fast = await open(store, 'fast', 1000)
    const slow = await open(store, 'slow', 5000)
    await vi.advanceTimersByTimeAsync(5000)
    expect(calls.versions).toBe(5)
    await fast.close()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls.versions).toBe(7)
    await slow.close()
  })

  it('R30: a tenant followed twice on one store is listed once', async () => {
    const { store, calls } = counting()
    const services = [await open(store, 'acme', 1000), await open(store, 'acme', 1000), await open(store, 'b', 1000)]
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls.versions).toBe(1)
    expect(calls.listed).toBe(2)
    await closeAll(services)
  })

  it('R30: a versions() answer that is not a Map makes the tenants catch up by their audit log, not stall', async () => {
    const { inner, store, calls } = counting()
    const odd: PolicyStore = { ...store, versions: async () => ({ acme: 1 }) as never }
    const acme = await open(odd, 'acme', 1000)
    const writer = await open(inner, 'acme', 0)
    await writer.setUser({ id: 'ana', roles: ['agent'] })
    await vi.advanceTimersByTimeAsync(1000)
    expect(acme.snapshotVersion()).toBe(1)
    expect(calls.auditBy.get('acme')).toBe(1)
    expect(acme.status()).toMatchObject({ stale: false })
    await closeAll([acme, writer])
  })

  it('R30: a store without versions() keeps one audit poll per tenant', async () => {
    const { store, calls } = counting(false)
    const services = await openMany(store, 3)
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls.audit).toBe(6)
    await closeAll(services)
  })

  it('R30: pollInterval 0 takes a tenant out of the shared poll', async () => {
    const { store, calls } = counting()
    const off = await open(store, 'off', 0)
    await vi.advanceTimersByTimeAsync(5000)
    expect(calls.versions).toBe(0)
    await off.close()
  })
})

describe('the memory store versions()', () => {
  it('R30: reports the seq of each written tenant, leaves unwritten ones out', async () => {
    const store = createMemoryStore()
    const a = await open(store, 'a', 0)
    await a.setUser({ id: 'ana', roles: ['agent'] })
    await a.setUser({ id: 'ben', roles: ['agent'] })
    const b = await open(store, 'b', 0)
    await b.setUser({ id: 'cy', roles: ['viewer'] })
    expect(await store.versions?.(['a', 'b', 'never'])).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    )
    await closeAll([a, b])
  })
})
