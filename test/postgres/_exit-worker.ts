/**
 * Opens a service (memory store, or Postgres through a Pool or a Client), writes, closes the
 * service and the client, and prints "closed". adapter.test.ts checks that the process then
 * exits on its own: nothing seatguard opened (timers, LISTEN connections) keeps Node alive.
 */
import pg from 'pg'
import { conversations, createAccessControl, createMemoryStore, type PolicyStore } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'

const [mode, url, tenant] = process.argv.slice(2)
let store: PolicyStore = createMemoryStore()
let end = async (): Promise<void> => undefined
if (mode === 'pool') {
  const pool = new pg.Pool({ connectionString: url })
  store = createPostgresStore({ client: pool })
  end = () => pool.end()
} else if (mode === 'client') {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  store = createPostgresStore({ client })
  end = () => client.end()
}
// The default poll (5 s) stays on: close() must stop it.
const ac = await createAccessControl({ catalogue: conversations, store, tenant: String(tenant) })
await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
await ac.close()
await end()
process.stdout.write('closed\n')
