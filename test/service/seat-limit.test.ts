import { describe, expect, it } from 'vitest'
import { type AccessControl, createMemoryStore, type PolicyStore } from '../../src/index.js'
import { deaf, openService, rejectionCode } from '../_fixtures.js'

/** A service that never polls: it learns of other writers only through the change feed or refresh(). */
const open = (store: PolicyStore, extra: Record<string, unknown> = {}) =>
  openService(store, { pollInterval: 0, ...extra })

/** How many of `ids` `ac` could give a seat to (each one after the other). */
async function granted(ac: AccessControl, ids: readonly string[]): Promise<number> {
  let ok = 0
  for (const id of ids) if ((await ac.grantSeat(id).then(() => true, () => false)) === true) ok++
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
