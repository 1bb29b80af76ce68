import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AccessControl, conversations, createAccessControl } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'
import { SERVER_URL, serverPool, uniquePrefix } from './_db.js'
import { countStatements, dropTenants } from './_server.js'

// R30 on the real server: one process following 1,000 tenants of one store, on one pool.
const prefix = uniquePrefix('many')
const TENANTS = 1000
const POLL = 250
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.skipIf(!SERVER_URL)('many tenants in one process, on the real server', () => {
  let admin: pg.Pool
  beforeAll(async () => {
    admin = await serverPool(2)
  })
  afterAll(async () => {
    await dropTenants(admin, prefix)
    await admin.end()
  })

  it('R30: 1,000 followed tenants cost one poll query per interval and hold at most two connections', async () => {
    // Connections left idle by the opening (a poll may run beside a load) close after 1 s.
    const pool = new pg.Pool({ connectionString: SERVER_URL, max: 10, idleTimeoutMillis: 1000 })
    pool.on('error', () => undefined)
    const { count, texts } = countStatements(pool)
    const store = createPostgresStore({ client: pool })
    const services: AccessControl[] = []
    try {
      // A few tenants hold data; the rest were never written.
      for (let i = 0; i < TENANTS; i++) {
        const ac = await createAccessControl({
          catalogue: conversations,
          store,
          tenant: `${prefix}${i}`,
          pollInterval: POLL,
        })
        services.push(ac)
        if (i % 100 === 0) await ac.setUser({ id: 'ana', roles: ['agent'] })
      }
      await sleep(1500) // the opening's catch-ups settle, and its spare connections close

      const [before, start] = [count(), texts.length]
      const rounds = 8
      let most = 0
      for (const end = Date.now() + POLL * rounds; Date.now() < end; await sleep(5))
        most = Math.max(most, pool.totalCount)
      expect(most).toBeLessThanOrEqual(2) // one LISTEN, one for the poll
      const idle = count() - before
      const polls = texts.slice(start).filter((t) => t.includes('seatguard_tenants')).length
      // One versions() query per interval for all 1,000 (timers may drift by one round either way).
      expect(polls).toBeGreaterThanOrEqual(rounds - 1)
      expect(polls).toBeLessThanOrEqual(rounds + 1)
      expect(idle).toBe(polls)

      // A change written elsewhere reaches its tenant's service (through NOTIFY or the poll).
      const other = createPostgresStore({ client: admin })
      const writer = await createAccessControl({
        catalogue: conversations,
        store: other,
        tenant: `${prefix}7`,
        pollInterval: 0,
      })
      await writer.setUser({ id: 'bo', roles: ['viewer'] })
      await writer.close()
      await other.close()
      const seven = services[7] as AccessControl
      for (let waited = 0; (await seven.user('bo')) === undefined && waited < POLL * 8; waited += 20) await sleep(20)
      expect(await seven.user('bo')).toMatchObject({ id: 'bo', roles: ['viewer'] })
    } finally {
      for (const ac of services) await ac.close()
      await store.close()
      await pool.end()
    }
  }, 120_000)
})
