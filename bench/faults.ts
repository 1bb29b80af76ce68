/**
 * What the Postgres store does when connections die or go silent, measured on the real
 * server (the faults tests prove the behaviour; this puts numbers on it):
 *
 * - write connection killed: a `setUser` loop while another connection terminates this
 *   run's backends caught 'idle in transaction'; the time from each kill to the next write
 *   that succeeds, and the code of every write that was refused;
 * - LISTEN connection killed: the time from the kill until a change another store wrote
 *   right after it reaches the service (polling off, so the reconnect and its resync carry it);
 * - frozen connections (a loopback proxy that stops forwarding), pollInterval 300 ms,
 *   deadline 1000 ms: the delay from another writer's commit to the frozen service's snapshot
 *   showing it, and how long `refresh()` takes to settle;
 * - 1,000 tenants followed through createTenants on one store over one pg.Pool: the
 *   statements the driver runs per poll interval while idle, and the most connections the
 *   pool held.
 *
 * The server is shared: every pool carries this run's application_name and only backends of
 * that name are terminated; tenants carry this run's prefix and their rows are deleted at
 * the end. Writes bench/faults-results.json.
 *
 *   tsx bench/faults.ts   (SEATGUARD_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 */
import { writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { type AccessControl, conversations, createAccessControl, createTenants } from '../src/index.js'
import { createPostgresStore } from '../src/postgres/index.js'
import { startProxy } from '../test/postgres/_proxy.js'
import { countStatements, dropTenants } from '../test/postgres/_server.js'
import { machine } from './_machine.js'

const URL_ = process.env.SEATGUARD_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const WRITE_KILLS = 10
const LISTEN_KILLS = 5
const FROZEN_RUNS = 5
const POLL = 300
const DEADLINE = 1000
const TENANTS = 1000
const TENANT_POLL = 250
const IDLE_ROUNDS = 8

const run = `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`
const prefix = `bench-faults-${run}-`
const appName = `sg-bench-faults-${run}`
let made = 0
const tenant = (): string => `${prefix}${++made}`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (ms: number): number => Math.round(ms * 10) / 10
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}
const summary = (xs: readonly number[]) => ({
  medianMs: round(median(xs)),
  minMs: round(Math.min(...xs)),
  maxMs: round(Math.max(...xs)),
  samplesMs: xs.map(round),
})

async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, hung])
  } finally {
    clearTimeout(timer)
  }
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const start = performance.now()
  while (!(await check())) {
    if (performance.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`)
    await sleep(2)
  }
}

const admin = new pg.Pool({ connectionString: URL_, max: 4, connectionTimeoutMillis: 3000 })
admin.on('error', () => undefined)
try {
  await admin.query('SELECT 1')
} catch (err) {
  process.stderr.write(
    `bench/faults.ts needs a PostgreSQL server: could not connect to ${URL_.replace(/\/\/[^@]*@/, '//')} (${String((err as Error).message)}).\nSet SEATGUARD_BENCH_DATABASE_URL to a server it may write to.\n`,
  )
  await admin.end().catch(() => undefined)
  process.exit(1)
}
const server = String((await admin.query('SHOW server_version')).rows[0]?.server_version)
await createPostgresStore({ client: admin }).migrate()

const closing: { close(): Promise<unknown> }[] = []
const appPool = (app: string, max: number, connectionString = URL_, extra: pg.PoolConfig = {}): pg.Pool => {
  const pool = new pg.Pool({ connectionString, max, application_name: app, ...extra })
  pool.on('error', () => undefined) // what every application has
  closing.push({ close: () => pool.end() })
  return pool
}
const started = performance.now()

/** (a) The write connection killed mid-transaction during a setUser loop. */
async function writeKills() {
  const app = `${appName}-kill`
  const pool = appPool(app, 4)
  const ac = await createAccessControl({
    catalogue: conversations,
    store: createPostgresStore({ client: pool }),
    tenant: tenant(),
    pollInterval: 0,
  })
  closing.push(ac)
  const killer = new pg.Client({ connectionString: URL_, application_name: `${app}-killer` })
  await killer.connect()
  // One kill at a time: after a kill the killer waits for a write to succeed, then 50 ms,
  // before it looks for the next transaction to kill, so each kill is timed on its own.
  const killedAt: number[] = []
  const succeededAt: number[] = []
  let armedAt = 0
  let writing = true
  const killing = (async () => {
    while (writing) {
      if (performance.now() < armedAt || (killedAt.at(-1) ?? 0) > (succeededAt.at(-1) ?? 0)) {
        await sleep(2)
        continue
      }
      const r = await killer.query(
        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction'",
        [app],
      )
      const at = performance.now()
      for (let k = Number(r.rows[0]?.n ?? 0); k > 0; k--) killedAt.push(at)
    }
  })()
  const rejected: string[] = []
  const stopAt = performance.now() + 20_000
  for (
    let i = 0;
    (killedAt.length < WRITE_KILLS || (succeededAt.at(-1) ?? 0) < (killedAt.at(-1) ?? 0)) && performance.now() < stopAt;
    i++
  ) {
    try {
      await ac.setUser({ id: `u${i % 5}`, roles: [i % 2 === 0 ? 'agent' : 'viewer'], seat: i % 3 === 0 })
      const at = performance.now()
      if ((killedAt.at(-1) ?? 0) > (succeededAt.at(-1) ?? 0)) armedAt = at + 50
      succeededAt.push(at)
    } catch (err) {
      const e = err as { code?: unknown; context?: { driverCode?: unknown } }
      rejected.push(`${String(e.code)} (${String(e.context?.driverCode)})`)
    }
  }
  writing = false
  await killing
  await killer.end()
  // Every kill, to the first write that succeeded after it.
  const recovery = killedAt
    .map((at) => {
      const next = succeededAt.find((s) => s > at)
      return next === undefined ? undefined : next - at
    })
    .filter((ms): ms is number => ms !== undefined)
  if (recovery.length < WRITE_KILLS) throw new Error(`only ${recovery.length} kills were followed by a write in 20 s`)
  const codes: Record<string, number> = {}
  for (const c of rejected) codes[c] = (codes[c] ?? 0) + 1
  return {
    note: "time from each pg_terminate_backend of this run's backend caught 'idle in transaction' in a setUser loop (the kill's query returned) to the next setUser that succeeded; one kill at a time: the killer looks for the next transaction 50 ms after a write succeeded",
    kills: killedAt.length,
    writesSucceeded: succeededAt.length,
    writesRejected: rejected.length,
    rejectedCodes: codes,
    kill_to_next_success: summary(recovery),
  }
}

const listening = async (app: string): Promise<number> =>
  (
    await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%' AND state = 'idle'",
      [app],
    )
  ).rows[0].n

/** (b) The LISTEN connection killed; a change written right after must still reach the service. */
async function listenKills() {
  const app = `${appName}-listen`
  const t = tenant()
  const ac = await createAccessControl({
    catalogue: conversations,
    store: createPostgresStore({ client: appPool(app, 4) }),
    tenant: t,
    pollInterval: 0,
  })
  closing.push(ac)
  const writer = await createAccessControl({
    catalogue: conversations,
    store: createPostgresStore({ client: admin }),
    tenant: t,
    pollInterval: 0,
  })
  closing.push(writer)
  const reached: number[] = []
  for (let kill = 1; kill <= LISTEN_KILLS; kill++) {
    await until(async () => (await listening(app)) === 1, 10_000, 'listening again')
    await sleep(100)
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'",
      [app],
    )
    const at = performance.now()
    if (killed.rowCount !== 1) throw new Error(`expected one LISTEN backend to kill, found ${killed.rowCount}`)
    await writer.setUser({ id: `u${kill}`, roles: ['agent'] })
    const version = writer.snapshotVersion()
    await until(() => ac.snapshotVersion() >= version, 10_000, 'the change reaching the service')
    reached.push(performance.now() - at)
  }
  return {
    note: 'time from pg_terminate_backend of the LISTEN backend to the service snapshot showing a change another store wrote right after the kill (pollInterval 0: only the reconnect and its resync carry it)',
    kills: LISTEN_KILLS,
    kill_to_change_seen: summary(reached),
  }
}

/** (c) Every connection of a service frozen by a proxy that stops forwarding. */
async function frozen() {
  const target = new URL(URL_)
  const proxy = await startProxy(target.hostname || '127.0.0.1', Number(target.port || 5432))
  const seen: number[] = []
  const refresh: number[] = []
  const outcomes: string[] = []
  try {
    for (let r = 0; r < FROZEN_RUNS; r++) {
      const t = tenant()
      const pool = new pg.Pool({ connectionString: proxy.url(URL_), max: 4, application_name: `${appName}-freeze` })
      pool.on('error', () => undefined)
      const store = createPostgresStore({ client: pool, deadline: DEADLINE })
      const ac = await createAccessControl({ catalogue: conversations, store, tenant: t, pollInterval: POLL })
      const writer = await createAccessControl({
        catalogue: conversations,
        store: createPostgresStore({ client: admin }),
        tenant: t,
        pollInterval: 0,
      })
      try {
        await writer.setUser({ id: 'ana', roles: ['agent'] })
        await until(() => ac.snapshotVersion() === 1, 3000, 'the service before the freeze')
        await sleep(POLL) // a poll in step, so the run starts from a healthy service
        proxy.freeze()
        await writer.setUser({ id: 'bo', roles: ['viewer'] })
        const committed = performance.now()
        await until(() => ac.snapshotVersion() === 2, POLL + DEADLINE + 3000, 'the frozen service catching up')
        seen.push(performance.now() - committed)
        proxy.freeze() // the connections opened since are silent too
        const asked = performance.now()
        outcomes.push(
          await within(
            DEADLINE + 3000,
            ac.refresh().then(
              () => 'resolved',
              (err: { code?: string }) => `rejected ${String(err.code)}`,
            ),
            'refresh()',
          ),
        )
        refresh.push(performance.now() - asked)
      } finally {
        proxy.drop(0) // end the silent sockets, so closing does not wait on them
        proxy.thaw()
        await within(5000, ac.close(), 'closing the frozen service').catch(() => undefined)
        await within(5000, store.close(), 'closing its store').catch(() => undefined)
        await within(5000, pool.end(), 'ending its pool').catch(() => undefined)
        await writer.close()
      }
    }
  } finally {
    await proxy.close()
  }
  const codes: Record<string, number> = {}
  for (const o of outcomes) codes[o] = (codes[o] ?? 0) + 1
  return {
    note: "pollInterval 300 ms, deadline 1000 ms; 'commit to snapshot': from another writer's setUser resolving, with every connection of the service frozen, until the frozen service's snapshotVersion shows it; 'refresh': a refresh() called with the connections opened since frozen too, until it settles",
    pollIntervalMs: POLL,
    deadlineMs: DEADLINE,
    runs: FROZEN_RUNS,
    commit_to_snapshot: summary(seen),
    refresh_settles: summary(refresh),
    refreshOutcomes: codes,
  }
}

/** (d) 1,000 tenants followed on one store over one pool, idle. */
async function manyTenants() {
  // Connections left idle by the opening (a poll may run beside a load) close after 1 s.
  const pool = appPool(`${appName}-many`, 10, URL_, { idleTimeoutMillis: 1000 })
  const { count, texts } = countStatements(pool)
  const store = createPostgresStore({ client: pool })
  const tenants = createTenants({ catalogue: conversations, store, maxOpen: TENANTS, pollInterval: TENANT_POLL })
  let mostOpening = 0
  const opening = performance.now()
  const ids = Array.from({ length: TENANTS }, () => tenant())
  const handles: AccessControl[] = []
  for (const [i, id] of ids.entries()) {
    const ac = await tenants.get(id)
    handles.push(ac)
    if (i % 100 === 0) await ac.setUser({ id: 'ana', roles: ['agent'] }) // a few hold data
    mostOpening = Math.max(mostOpening, pool.totalCount)
  }
  const openMs = performance.now() - opening
  await sleep(1500) // the opening's catch-ups settle, and its spare connections close
  const [before, start] = [count(), texts.length]
  let mostIdle = 0
  const from = performance.now()
  for (const end = from + TENANT_POLL * IDLE_ROUNDS; performance.now() < end; await sleep(5))
    mostIdle = Math.max(mostIdle, pool.totalCount)
  const windowMs = performance.now() - from
  const idle = count() - before
  const polls = texts.slice(start).filter((t) => t.includes('seatguard_tenants')).length
  await tenants.close()
  await store.close()
  return {
    note: "createTenants on one Postgres store over one pg.Pool (max 10, idleTimeoutMillis 1000), 10 of the tenants holding a user; every statement the pool's connections run is counted where the driver runs it, over the idle window after 1.5 s of settling",
    tenants: TENANTS,
    pollIntervalMs: TENANT_POLL,
    openingMs: Math.round(openMs),
    idleWindowMs: Math.round(windowMs),
    idleStatements: idle,
    idleVersionsQueries: polls,
    statementsPerInterval: Math.round((idle / (windowMs / TENANT_POLL)) * 100) / 100,
    mostConnectionsWhileOpening: mostOpening,
    mostConnectionsWhileIdle: mostIdle,
  }
}

const measuredAt = new Date().toISOString()
let results: Record<string, unknown> | undefined
try {
  const writeConnectionKilled = await writeKills()
  process.stdout.write(`write connection killed: ${JSON.stringify(writeConnectionKilled.kill_to_next_success)}\n`)
  const listenConnectionKilled = await listenKills()
  process.stdout.write(`LISTEN connection killed: ${JSON.stringify(listenConnectionKilled.kill_to_change_seen)}\n`)
  const frozenConnections = await frozen()
  process.stdout.write(
    `frozen: ${JSON.stringify(frozenConnections.commit_to_snapshot)} refresh ${JSON.stringify(frozenConnections.refresh_settles)}\n`,
  )
  const idleTenants = await manyTenants()
  process.stdout.write(`1,000 tenants: ${JSON.stringify(idleTenants)}\n`)
  results = {
    measuredAt,
    machine: {
      ...machine(),
      postgres: server,
      target: URL_.replace(/\/\/[^@]*@/, '//'),
    },
    writeConnectionKilled,
    listenConnectionKilled,
    frozenConnections,
    idleTenants,
    wholeRunSeconds: Math.round((performance.now() - started) / 100) / 10,
  }
} finally {
  for (const c of closing.reverse()) await within(5000, c.close(), 'closing').catch(() => undefined)
  await dropTenants(admin, prefix)
  await admin.end()
}
writeFileSync(new URL('./faults-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
process.stdout.write(`written to bench/faults-results.json (${String(results?.wholeRunSeconds)} s)\n`)
