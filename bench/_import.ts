/**
 * The import figures of `npm run bench` (R38): 100,000 users streamed by `ac.importUsers` in
 * batches of 1,000 into the memory store, and into the real PostgreSQL server when one is
 * given (SEATGUARD_BENCH_DATABASE_URL, else SEATGUARD_TEST_DATABASE_URL; skipped with the reason
 * otherwise), with the heap the import leaves in the process. Every timed import is verified:
 * the totals, every user stored, the seats held and the audit log all match what was imported.
 */
import pg from 'pg'
import { type AccessControl, conversations, createAccessControl, createMemoryStore, type User } from '../src/index.js'
import { createPostgresStore } from '../src/postgres/index.js'
import { countStatements, dropTenants } from '../test/postgres/_server.js'
import { heapNow, median, now } from './_measure.js'
import { prng } from './_scenario.js'

const USERS = 100_000
const BATCH = 1000
const QUEUES = Array.from({ length: 50 }, (_, i) => `q${i}`)
const ROLE_SETS = [['desk'], ['agent'], ['supervisor'], ['viewer'], ['setup'], ['desk', 'analytics'], ['analytics']]

export interface ImportResults {
  readonly users: number
  readonly batchSize: number
  /** The memory store: each import timed (the median is the figure), and the heap store and service hold after it. */
  readonly memory: { readonly ms: number; readonly samplesMs: readonly number[]; readonly heapBytes: number }
  /** The real server: the import timed once, the service's heap after it (the data is in the database), statements per batch. */
  readonly postgres: {
    readonly ms: number
    readonly serviceHeapBytes: number
    readonly statementsPerBatch: number
    /** The server's version, as `SHOW server_version` gives it. */
    readonly server: string
    /** The server's host, from the URL. */
    readonly host: string
  } | null
  /** Why there is no server figure. */
  readonly postgresSkipped?: string
}

/** The users of the import: a copy of Agent held by about a third, 85 % with a seat, half in a queue. */
export function importedUsers(seed = 20261215): User[] {
  const random = prng(seed)
  return Array.from({ length: USERS }, (_, i) => {
    const r = random()
    const roles = ROLE_SETS[r < 0.3 ? 0 : r < 0.55 ? 1 : r < 0.6 ? 2 : r < 0.8 ? 3 : r < 0.87 ? 4 : r < 0.93 ? 5 : 6]
    const queues = random() < 0.5 ? [QUEUES[Math.floor(random() * QUEUES.length)] as string] : []
    return { id: `u${i}`, roles: roles as string[], seat: random() < 0.85, queues }
  })
}

/** A tenant ready for the import: the copy of Agent, and a stored seat limit every batch is held to. */
async function prepared(ac: AccessControl): Promise<void> {
  await ac.duplicateRole('agent', { id: 'desk', name: 'Desk agent' })
  await ac.setSeatLimit(USERS)
}

/** Imports `users` and checks every figure a wrong import would change. */
async function timedImport(ac: AccessControl, users: readonly User[]): Promise<number> {
  const start = ac.snapshotVersion()
  const t0 = now()
  const totals = await ac.importUsers(users, { batchSize: BATCH })
  const ms = now() - t0
  const seats = users.filter((u) => u.seat).length
  if (totals.written !== USERS || totals.unchanged !== 0 || totals.batches !== USERS / BATCH)
    throw new Error(`importUsers: totals ${JSON.stringify(totals)}`)
  const stored = await ac.users()
  if (stored.length !== USERS || (await ac.seats()).held !== seats)
    throw new Error('importUsers: users or seats differ')
  if (ac.snapshotVersion() !== start + USERS) throw new Error('importUsers: not one audit entry per user')
  const last = users[USERS - 1] as User
  if (JSON.stringify((await ac.user(last.id))?.queues ?? []) !== JSON.stringify(last.queues))
    throw new Error('importUsers: the last user differs')
  return ms
}

async function intoMemory(users: readonly User[], runs: number): Promise<ImportResults['memory']> {
  const samplesMs: number[] = []
  let heapBytes = 0
  for (let k = 0; k < runs; k++) {
    const before = heapNow()
    const ac = await createAccessControl({
      catalogue: conversations,
      store: createMemoryStore(),
      tenant: 'acme',
      pollInterval: 0,
    })
    await prepared(ac)
    samplesMs.push(await timedImport(ac, users))
    if (k === 0) heapBytes = heapNow() - before
    await ac.close()
  }
  return { ms: median(samplesMs), samplesMs, heapBytes }
}

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    return String((await client.query('SHOW server_version')).rows[0]?.server_version)
  } catch {
    return undefined
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function intoPostgres(users: readonly User[]): Promise<Pick<ImportResults, 'postgres' | 'postgresSkipped'>> {
  const url = process.env.SEATGUARD_BENCH_DATABASE_URL ?? process.env.SEATGUARD_TEST_DATABASE_URL
  if (url === undefined)
    return { postgres: null, postgresSkipped: 'no server given: set SEATGUARD_TEST_DATABASE_URL to measure it' }
  const server = await reachable(url)
  if (server === undefined) return { postgres: null, postgresSkipped: 'the server given could not be reached' }
  const tenant = `bench-import-${Date.now().toString(36)}-${process.pid}`
  const before = heapNow()
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  const { count } = countStatements(pool)
  const store = createPostgresStore({ client: pool })
  try {
    await store.migrate()
    const ac = await createAccessControl({ catalogue: conversations, store, tenant, pollInterval: 0 })
    await prepared(ac)
    const sent = count()
    const ms = await timedImport(ac, users)
    const statementsPerBatch = (count() - sent) / (USERS / BATCH)
    const rows = await pool.query('SELECT count(*)::int AS n FROM seatguard_users WHERE tenant = $1', [tenant])
    if (rows.rows[0]?.n !== USERS) throw new Error(`importUsers: ${rows.rows[0]?.n} rows in seatguard_users`)
    const serviceHeapBytes = heapNow() - before
    await ac.close()
    const host = new URL(url).hostname
    return { postgres: { ms, serviceHeapBytes, statementsPerBatch, server: server.split(' ')[0] ?? server, host } }
  } finally {
    await dropTenants(pool, tenant)
    await store.close()
    await pool.end()
  }
}

/** Times the memory import three times (fewer when `samples` is smaller) and the server import once. */
export async function measureImport(options: { samples: number }): Promise<ImportResults> {
  const users = importedUsers()
  const memory = await intoMemory(users, Math.min(3, Math.max(1, options.samples)))
  return { users: USERS, batchSize: BATCH, memory, ...(await intoPostgres(users)) }
}
