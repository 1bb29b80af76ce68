import { describe, expect, it } from 'vitest'
import { type AccessControl, createMemoryStore, type PolicyStore } from '../../src/index.js'
import { deaf, openService, rejectionCode } from '../_fixtures.js'

/** A service that never polls: it learns of other writers only through the change feed or refresh(). */
const open = (store: PolicyStore, extra: Record<string, unknown> = {}) =>
  openService(store, { pollInterval: 0, ...extra })

/** How many of `ids` `ac` could give a seat to (each one after the other). */
async function granted(ac: AccessControl, ids: readonly string[]): Promise<number> {
  let ok = 0
  for (const id of ids)
    if (
      (await ac.grantSeat(id).then(
        () => true,
        () => false,
      )) === true
    )
      ok++
  return ok
}

describe('R15: one seat limit per tenant, whichever instance writes', () => {
  it('R15: two services started with different seat limits cannot enforce different limits on one tenant', async () => {
    const store = createMemoryStore()
    // The limit was an option of each process: one instance said 1, another 5.
    for (const seatLimit of [1, 5]) {
      const err = await open(store, { seatLimit }).then(
        (ac) => ac.close().then(() => undefined),
        (e: { code?: string; message?: string }) => e,
      )
      expect(err?.code).toBe('data/invalid')
      expect(err?.message).toContain('setSeatLimit')
    }
    // The limit is the tenant's: set on one instance, it binds the other, even before that
    // one's snapshot has heard of it (the second service is deaf to the change feed).
    const a = await open(store)
    const b = await open(deaf(store))
    for (const id of ['ana', 'ben', 'cy']) await a.setUser({ id, roles: ['agent'] })
    await b.refresh()
    await a.setSeatLimit(1)
    expect(await granted(b, ['ana', 'ben', 'cy'])).toBe(1)
    expect(await granted(a, ['ben', 'cy'])).toBe(0)
    expect((await store.load('acme')).users.filter((u) => u.seat)).toHaveLength(1)
    expect(await rejectionCode(b.grantSeat('ben'))).toBe('seat/limit-reached')
    await Promise.all([a.close(), b.close()])
  })
})

/** The store as an adapter written before stored seat limits: its transactions lack the pair. */
function withoutLimit(store: PolicyStore, seatLimit?: () => Promise<unknown>): PolicyStore {
  return {
    ...deaf(store),
    transaction: (t, work) =>
      store.transaction(t, (tx) => {
        const bare = {
          roles: () => tx.roles(),
          user: (id: string) => tx.user(id),
          usersWithRole: (id: string) => tx.usersWithRole(id),
          seatsHeld: () => tx.seatsHeld(),
          putRole: (r: Parameters<typeof tx.putRole>[0]) => tx.putRole(r),
          removeRole: (id: string) => tx.removeRole(id),
          putUser: (u: Parameters<typeof tx.putUser>[0]) => tx.putUser(u),
          append: (e: Parameters<typeof tx.append>[0]) => tx.append(e),
        }
        if (seatLimit === undefined) return work(bare)
        return work({ ...bare, seatLimit: seatLimit as never, putSeatLimit: async () => undefined })
      }),
  }
}

describe('R15: stores, snapshots and reports', () => {
  it('R15: a store that keeps no seat limit refuses setSeatLimit (nothing written) and enforces none', async () => {
    const inner = createMemoryStore()
    const ac = await open(withoutLimit(inner))
    await ac.setUser({ id: 'ana', roles: ['agent'] })
    const err = await ac.setSeatLimit(1).catch((e: { code?: string; message?: string }) => e)
    expect((err as { code?: string }).code).toBe('data/invalid')
    expect((err as { message?: string }).message).toContain('keeps no seat limit')
    expect(await inner.audit('acme')).toHaveLength(1)
    expect(await ac.grantSeat('ana')).toMatchObject({ seat: true })
    expect(await ac.seats()).toEqual({ limit: null, held: 1, available: null, limitVersion: 0 })
    await ac.close()
  })

  it('R15: a store whose seatLimit() answers no seat-limit record fails the write with data/invalid, naming the adapter', async () => {
    for (const bad of [{ limit: -1, version: 1 }, { limit: 2, version: 0 }, { limit: '3', version: 1 }, null]) {
      const ac = await open(withoutLimit(createMemoryStore(), async () => bad))
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      const err = await ac.grantSeat('ana').catch((e: { code?: string; message?: string }) => e)
      expect((err as { code?: string }).code).toBe('data/invalid')
      expect((err as { message?: string }).message).toContain('testStore')
      await ac.close()
    }
  })

  it("R15: a seat-limit record from a store's load() or audit log is read by the one reader: a bad one is data/invalid and changes nothing", async () => {
    const store = createMemoryStore()
    const bad = [
      { limit: -5, version: 'x' },
      { limit: 3 },
      'ten',
      {
        get limit(): never {
          throw new Error('boom')
        },
        version: 1,
      },
    ]
    for (const seatLimit of bad) {
      const loading: PolicyStore = {
        ...deaf(store),
        load: async (t) => ({ ...(await store.load(t)), seatLimit }) as never,
      }
      expect(await rejectionCode(open(loading))).toBe('data/invalid')
    }
    // The same record arriving as an audit entry: the catch-up fails, the snapshot stays as it was.
    const writer = await open(store)
    await writer.setUser({ id: 'ana', roles: ['agent'] })
    const replaying: PolicyStore = {
      ...deaf(store),
      audit: async (t, q) =>
        (await store.audit(t, q)).map((e) =>
          e.action === 'tenant.seat-limit-set' ? ({ ...e, after: { limit: -1, version: 1 } } as never) : e,
        ),
    }
    const reader = await open(replaying)
    await writer.setUser({ id: 'ben', roles: ['agent'] })
    await writer.setSeatLimit(4)
    expect(await rejectionCode(reader.refresh())).toBe('data/invalid')
    expect(reader.snapshotVersion()).toBe(1)
    expect(await reader.user('ben')).toBeUndefined()
    expect((await reader.seats()).limit).toBeNull()
    await Promise.all([writer.close(), reader.close()])
  })

  it('R15: a new service loads the stored limit; a tenant that never had one loads as before', async () => {
    const store = createMemoryStore()
    const a = await open(store)
    expect(await store.load('acme')).toEqual({ version: 0, roles: [], users: [] })
    await a.setUser({ id: 'ana', roles: ['agent'], seat: true })
    expect('seatLimit' in (await store.load('acme'))).toBe(false)
    await a.setSeatLimit(3)
    const late = await open(store)
    expect(await late.seats()).toEqual({ limit: 3, held: 1, available: 2, limitVersion: 1 })
    // The record handed out is frozen: a caller cannot change the snapshot's copy through it.
    const record = await late.setSeatLimit(3)
    expect(Object.isFrozen(record)).toBe(true)
    await Promise.all([a.close(), late.close()])
  })

  it("R15: the service's seat report shows the limit; the core report keeps its totals as they were", async () => {
    const ac = await open(createMemoryStore())
    await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
    expect((await ac.seatReport()).totals).toMatchObject({ seatsUsed: 1, limit: null, overLimit: false })
    await ac.setSeatLimit(1)
    expect((await ac.seatReport()).totals).toMatchObject({ limit: 1, overLimit: false }) // at the limit, not over it
    await ac.setSeatLimit(0)
    expect((await ac.seatReport()).totals).toMatchObject({ limit: 0, overLimit: true })
    expect(await ac.seats()).toEqual({ limit: 0, held: 1, available: 0, limitVersion: 2 })
    const core = ac.policy().seatReport(await ac.users()).totals
    expect(Object.keys(core)).toEqual(['users', 'seatsUsed', 'seatsNeeded', 'viewers', 'seatMissing', 'seatUnused'])
    await ac.close()
  })

  it('R15: the refused option is refused whatever its value, before anything is loaded', async () => {
    let loads = 0
    const inner = createMemoryStore()
    const counting: PolicyStore = {
      ...inner,
      load: (t) => {
        loads++
        return inner.load(t)
      },
    }
    for (const seatLimit of [undefined, 0, null, 'ten']) {
      expect(await rejectionCode(open(counting, { seatLimit }))).toBe('data/invalid')
    }
    expect(loads).toBe(0)
  })
})
