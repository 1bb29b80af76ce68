/**
 * One OS process of the cross-process seat race (adapter.test.ts): its own pool and its own
 * AccessControl, which enforces the limit the test stored for the tenant (`limit`, checked
 * against what the worker reads, R15); at `startAt` it grants seats to users `from`..`to - 1` all at once, then
 * prints how many grants succeeded and how many were refused with seat/limit-reached.
 */
import pg from 'pg'
import { conversations, createAccessControl } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'

const [url, tenant, limit, from, to, startAt] = process.argv.slice(2)
const pool = new pg.Pool({ connectionString: url, max: 10 })
const ac = await createAccessControl({
  catalogue: conversations,
  store: createPostgresStore({ client: pool }),
  tenant: String(tenant),
  pollInterval: 0,
})
if ((await ac.seats()).limit !== Number(limit)) throw new Error(`expected the stored seat limit ${limit}`)
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())))
const ids = Array.from({ length: Number(to) - Number(from) }, (_, i) => `u${Number(from) + i}`)
const results = await Promise.allSettled(ids.map((id) => ac.grantSeat(id, { actor: `pid-${process.pid}` })))
const ok = results.filter((r) => r.status === 'fulfilled').length
const refused = results.filter(
  (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'seat/limit-reached',
).length
process.stdout.write(`${JSON.stringify({ ok, refused, total: results.length })}\n`)
await ac.close()
await pool.end()
