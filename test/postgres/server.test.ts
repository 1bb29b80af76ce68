import pg from 'pg'
import * as vitest from 'vitest'
import { afterAll, beforeAll, describe } from 'vitest'
import { createPostgresStore } from '../../src/postgres/index.js'
import { testStore } from '../../src/testing/index.js'
import { dropTenants, SERVER_URL, serverPool, uniquePrefix } from './_db.js'

// The same conformance suite against a real PostgreSQL server, through a Pool and through a
// single Client (whose transactions the store must queue). Runs when SEATGUARD_TEST_DATABASE_URL is set.
describe.skipIf(!SERVER_URL)('real PostgreSQL server', () => {
  const prefix = uniquePrefix('server')
  let pool: pg.Pool
  let client: pg.Client
  beforeAll(async () => {
    pool = await serverPool()
    client = new pg.Client({ connectionString: SERVER_URL })
    await client.connect()
  })
  afterAll(async () => {
    await dropTenants(pool, prefix)
    await client?.end()
    await pool?.end()
  })

  testStore(vitest, 'postgres server via Pool', () => createPostgresStore({ client: pool }), {
    tenantPrefix: `${prefix}pool-`,
  })
  testStore(vitest, 'postgres server via Client', () => createPostgresStore({ client }), {
    tenantPrefix: `${prefix}client-`,
  })
})
