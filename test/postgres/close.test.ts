import { describe, expect, it } from 'vitest'
import { conversations, createAccessControl, type PolicyStore } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'
import { within } from '../../src/testing/_shutdown.js'
import { dropTenants, pglite, SERVER_URL, serverPool, uniquePrefix } from './_db.js'

/**
 * R28: the documented order (the service, then the store, then the client the application
 * owns) with 20 writes in flight. Every write promise settles within a bound; a pending one
 * fails the test through `within` instead of hanging it.
 */
async function shutDownWithWritesInFlight(store: PolicyStore, tenant: string, endClient: () => Promise<void>) {
  const ac = await createAccessControl({ catalogue: conversations, store, tenant, pollInterval: 0 })
  await ac.setUser({ id: 'seed', roles: ['agent'] })
  const writes = Array.from({ length: 20 }, (_, i) => ac.setUser({ id: `u${i}`, roles: ['agent'], seat: i % 2 === 0 }))
  await within(ac.close(), 20_000, 'ac.close()')
  await within(store.close?.() ?? Promise.resolve(), 20_000, 'store.close()')
  await within(endClient(), 20_000, 'ending the client')
  const outcomes = await within(Promise.allSettled(writes), 5000, 'a write')
  // ac.close() waited for them with the store still open, so each one was written.
  expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill('fulfilled'))
}

describe('R28: closing on PostgreSQL leaves no promise pending', () => {
  it('R28: PGlite: ac.close(), store.close(), db.close() with 20 writes in flight', async () => {
    const db = await pglite()
    const store = createPostgresStore({ client: db })
    const tenant = `${uniquePrefix('close')}pglite`
    await shutDownWithWritesInFlight(store, tenant, () => db.close())
  }, 120_000)

  it.skipIf(!SERVER_URL)(
    'R28: real server: ac.close(), store.close(), pool.end() with 20 writes in flight',
    async () => {
      const prefix = uniquePrefix('close')
      const pool = await serverPool(4)
      const store = createPostgresStore({ client: pool })
      let ended = false
      try {
        await shutDownWithWritesInFlight(store, `${prefix}pool`, async () => {
          ended = true
          await pool.end()
        })
        const check = await serverPool(2)
        const { rows } = await check.query('SELECT count(*)::int AS n FROM seatguard_users WHERE tenant = $1', [
          `${prefix}pool`,
        ])
        expect(rows[0]?.n).toBe(21)
        await dropTenants(check, prefix)
        await check.end()
      } finally {
        if (!ended) await pool.end()
      }
    },
    60_000,
  )
})
