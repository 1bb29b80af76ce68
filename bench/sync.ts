/**
 * How fast does a change made through one AccessControl reach another one on the same
 * database? Two services, each with its own store and connections, follow the change feed
 * (LISTEN/NOTIFY; polling switched off so the feed alone is measured). For 100 writes on
 * instance A (seat granted, then revoked, …) it times how long after A's write resolves
 * B's can() gives the new answer, and it measures setUser writes per second.
 *
 * Runs on the real server at SEATGUARD_TEST_DATABASE_URL (or a reachable local server at
 * postgres://postgres@127.0.0.1:5432/test), else on PGlite. Writes bench/sync-results.json.
 *
 *   npm run bench:sync
 */
import { writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { conversations, createAccessControl } from '../src/index.js'
import { createPostgresStore, type PostgresClient } from '../src/postgres/index.js'

const WRITES = 100
const SET_USERS = 500
const CONCURRENCY = 8
const PERMISSION = 'conversations/allow-assignment'
const LOCAL = 'postgres://postgres@127.0.0.1:5432/test'

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

interface Target {
  readonly name: string
  readonly a: PostgresClient
  readonly b: PostgresClient
  close(): Promise<void>
}

async function target(): Promise<Target> {
  const url = process.env.SEATGUARD_TEST_DATABASE_URL ?? LOCAL
  if (await reachable(url)) {
    const a = new pg.Pool({ connectionString: url, max: CONCURRENCY + 2 })
    const b = new pg.Pool({ connectionString: url, max: 4 })
    return {
      name: `postgres server (${url.replace(/\/\/[^@]*@/, '//')})`,
      a,
      b,
      close: async () => void (await Promise.all([a.end(), b.end()])),
    }
  }
  const db = new PGlite()
  return { name: 'PGlite (no server reachable)', a: db, b: db, close: () => db.close() }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
const round = (ms: number): number => Math.round(ms * 1000) / 1000

const t = await target()
const tenant = `bench-${Date.now().toString(36)}-${process.pid}`
const storeA = createPostgresStore({ client: t.a })
const storeB = createPostgresStore({ client: t.b })
await storeA.migrate()
const a = await createAccessControl({ catalogue: conversations, store: storeA, tenant, pollInterval: 0 })
const b = await createAccessControl({ catalogue: conversations, store: storeB, tenant, pollInterval: 0 })

// Propagation: A writes, then B's can() is asked until it gives the new answer.
await a.setUser({ id: 'ana', roles: ['agent'] })
const afterResolve: number[] = []
const afterStart: number[] = []
for (let i = 0; i < WRITES; i++) {
  const seat = i % 2 === 0
  const start = performance.now()
  await (seat ? a.grantSeat('ana') : a.revokeSeat('ana'))
  const resolved = performance.now()
  while ((await b.can('ana', PERMISSION)) !== seat) {
    if (performance.now() - resolved > 10_000) throw new Error(`instance B never saw write ${i}`)
    await tick()
  }
  const seen = performance.now()
  afterResolve.push(seen - resolved)
  afterStart.push(seen - start)
}
const sortedResolve = [...afterResolve].sort((x, y) => x - y)
const sortedStart = [...afterStart].sort((x, y) => x - y)

// setUser throughput: new users, one at a time, then CONCURRENCY in flight.
let started = performance.now()
for (let i = 0; i < SET_USERS; i++) await a.setUser({ id: `seq-${i}`, roles: ['agent'] })
const sequential = SET_USERS / ((performance.now() - started) / 1000)
started = performance.now()
let next = 0
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < SET_USERS) await a.setUser({ id: `par-${next++}`, roles: ['viewer'] })
  }),
)
const concurrent = SET_USERS / ((performance.now() - started) / 1000)

const results = {
  measuredAt: new Date().toISOString(),
  target: t.name,
  node: process.version,
  propagation: {
    writes: WRITES,
    note: "time from instance A's write resolving until instance B's can() returns the new answer (LISTEN/NOTIFY, polling off)",
    medianMs: round(quantile(sortedResolve, 0.5)),
    p95Ms: round(quantile(sortedResolve, 0.95)),
    worstMs: round(sortedResolve[sortedResolve.length - 1] ?? Number.NaN),
    fromWriteStart: {
      medianMs: round(quantile(sortedStart, 0.5)),
      worstMs: round(sortedStart[sortedStart.length - 1] ?? Number.NaN),
    },
  },
  setUser: {
    users: SET_USERS,
    sequentialPerSecond: Math.round(sequential),
    concurrentPerSecond: Math.round(concurrent),
    concurrency: CONCURRENCY,
  },
}

await a.close()
await b.close()
await storeA.close()
await storeB.close()
// Leave the database as it was.
for (const table of ['seatguard_audit', 'seatguard_users', 'seatguard_roles', 'seatguard_tenants'] as const) {
  await t.a.query(`DELETE FROM ${table} WHERE tenant = $1`, [tenant])
}
await t.close()

writeFileSync(new URL('./sync-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
