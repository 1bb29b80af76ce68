/**
 * The write-connection kill of faults.test.ts, in a process of its own so that an unhandled
 * 'error' event ends this process, not the test runner: a loop of `setUser` on a pool named
 * `app`, while another connection terminates that pool's backends caught between two
 * statements of a transaction ('idle in transaction'). Prints what became of every write.
 */
import pg from 'pg'
import { conversations, createAccessControl } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'

const [url, tenant, app, wanted] = process.argv.slice(2)
const pool = new pg.Pool({ connectionString: url, max: 4, application_name: app })
pool.on('error', () => undefined) // as the application had
const ac = await createAccessControl({
  catalogue: conversations,
  store: createPostgresStore({ client: pool }),
  tenant: String(tenant),
  pollInterval: 0,
})
const killer = new pg.Client({ connectionString: url, application_name: `${app}-killer` })
await killer.connect()
let kills = 0
let writing = true
const killing = (async () => {
  while (writing) {
    const r = await killer.query(
      "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction'",
      [app],
    )
    kills += Number(r.rows[0]?.n ?? 0)
  }
})()
const rejected: { code: unknown; driverCode: unknown; message: string }[] = []
let ok = 0
const until = Date.now() + 20_000
for (let i = 0; kills < Number(wanted) && Date.now() < until; i++) {
  try {
    await ac.setUser({ id: `u${i % 5}`, roles: [i % 2 === 0 ? 'agent' : 'viewer'], seat: i % 3 === 0 })
    ok++
  } catch (err) {
    const e = err as { code?: unknown; context?: { driverCode?: unknown }; message?: string }
    rejected.push({ code: e.code, driverCode: e.context?.driverCode, message: String(e.message) })
  }
}
writing = false
await killing
await killer.end()
let after = 0
for (let i = 0; i < 5; i++) {
  await ac.setUser({ id: `after${i}`, roles: ['agent'] })
  after++
}
process.stdout.write(`${JSON.stringify({ kills, ok, rejected, after })}\n`)
await ac.close()
await pool.end()
