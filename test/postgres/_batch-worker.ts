/**
 * One OS process of the cross-process batch race (bulk.test.ts): its own pool and its own
 * AccessControl, which enforces the seat limit the test stored for the tenant (`limit`, checked
 * against what the worker reads, R15). At `startAt` it sends `batches` setUsers batches of
 * `size` seat-taking users at once (ids `<tag>-<batch>-<i>`), then prints how many batches were
 * committed and how many were refused with seat/limit-reached.
 */
import pg from 'pg'
import { conversations, createAccessControl } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'

const [url, tenant, limit, tag, batches, size, startAt] = process.argv.slice(2)
const pool = new pg.Pool({ connectionString: url, max: 8 })
const ac = await createAccessControl({
  catalogue: conversations,
  store: createPostgresStore({ client: pool }),
  tenant: String(tenant),
  pollInterval: 0,
})
if ((await ac.seats()).limit !== Number(limit)) throw new Error(`expected the stored seat limit ${limit}`)
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())))
const batch = (b: number) =>
  Array.from({ length: Number(size) }, (_, i) => ({ id: `${tag}-${b}-${i}`, roles: ['agent'], seat: true }))
const results = await Promise.allSettled(
  Array.from({ length: Number(batches) }, (_, b) => ac.setUsers(batch(b), { actor: `pid-${process.pid}` })),
)
const ok = results.filter((r) => r.status === 'fulfilled').length
const refused = results.filter(
  (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'seat/limit-reached',
).length
process.stdout.write(`${JSON.stringify({ ok, refused, total: results.length })}\n`)
await ac.close()
await pool.end()
