import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AccessControl, conversations, createAccessControl, type StoredUser } from '../../src/index.js'
import { createPostgresStore, type PostgresClient } from '../../src/postgres/index.js'
import { dropTenants, SERVER_URL, serverPool, uniquePrefix, usePglite } from './_db.js'
import { countStatements } from './_server.js'

// R38 on PostgreSQL: a batch costs the same few round trips whatever its size (array parameters,
// one statement per kind of row), and batches racing from two OS processes never pass the limit.
const prefix = uniquePrefix('bulk')
let n = 0
const tenant = (): string => `${prefix}${++n}`
const viewers = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `u${from + i}`, roles: ['viewer'], queues: ['billing'] }))
/** Users who each take a seat: the batch then also reads the stored limit and the seats held (R15). */
const agents = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `a${from + i}`, roles: ['agent'], seat: true }))

const open = (client: PostgresClient, t: string): Promise<AccessControl> =>
  createAccessControl({ catalogue: conversations, store: createPostgresStore({ client }), tenant: t, pollInterval: 0 })

/** The statements of the transaction one setUsers batch runs, from BEGIN to COMMIT, as `texts` recorded them. */
async function transactionOf(ac: AccessControl, texts: readonly string[], users: readonly { id: string }[]) {
  const from = texts.length
  await ac.setUsers(users as never)
  // Only the batch's own transaction: the service's catch-up after the change event may be counted too.
  const sent = texts.slice(from)
  return sent.slice(sent.indexOf('BEGIN'), sent.indexOf('COMMIT') + 1)
}

describe('R38 on PGlite', () => {
  const db = usePglite()

  it('R38: a batch of 2,000 users runs the same 9 statements inside its transaction as a batch of 10', async () => {
    const client = db()
    const texts: string[] = []
    // PGlite runs BEGIN and COMMIT itself: what the store sends inside transaction() is counted.
    const counted = new Proxy(client, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver)
        if (key !== 'transaction') return typeof value === 'function' ? value.bind(target) : value
        return (work: (tx: PGlite) => Promise<unknown>) =>
          (value as (w: unknown) => Promise<unknown>).call(target, (tx: PGlite) =>
            work(
              new Proxy(tx, {
                get(t, k, r) {
                  const v = Reflect.get(t, k, r)
                  if (k !== 'query') return typeof v === 'function' ? v.bind(t) : v
                  return (text: string, ...rest: unknown[]) => {
                    texts.push(text)
                    return (v as (...a: unknown[]) => unknown).call(t, text, ...rest)
                  }
                },
              }),
            ),
          )
      },
    }) as PGlite
    const ac = await open(counted, tenant())
    await ac.setSeatLimit(5000)
    const count = async (users: readonly { id: string }[]): Promise<number> => {
      const from = texts.length
      await ac.setUsers(users as never)
      return texts.length - from
    }
    const small = await count(agents(0, 10))
    const large = await count(agents(10, 2000))
    expect(large).toBe(small)
    // SET TRANSACTION, the tenant lock, users, roles, the limit, the seats held, the users, the entries, seq + NOTIFY.
    expect(large).toBe(9)
    expect((await ac.users()).length).toBe(2010)
    await ac.close()
  }, 60_000)

  it('R38: a batch of 10,000 users (the most one call takes) is written and read back whole', async () => {
    const t = tenant()
    const ac = await open(db(), t)
    const out = await ac.setUsers(viewers(0, 10_000))
    expect(out).toHaveLength(10_000)
    const state = await createPostgresStore({ client: db() }).load(t)
    expect(state.version).toBe(10_000)
    expect(state.users.map((u) => u.id)).toEqual(out.map((u) => u.id))
    expect(state.users[9_999]).toEqual({ id: 'u9999', roles: ['viewer'], seat: false, queues: ['billing'], version: 1 })
    await ac.close()
  }, 120_000)

  it('R38: putUsers given an id twice writes it once, with its last record, at its first place (as putUser twice would)', async () => {
    const store = createPostgresStore({ client: db() })
    const t = tenant()
    const u = (id: string, version: number): StoredUser => ({ id, roles: ['viewer'], seat: version > 1, version })
    await store.transaction(t, async (tx) => tx.putUsers?.([u('a', 1), u('b', 1), u('a', 2)]))
    expect((await store.load(t)).users).toEqual([u('a', 2), u('b', 1)])
  })
})

describe.skipIf(!SERVER_URL)('R38 on the real server', () => {
  let pool: pg.Pool
  beforeAll(async () => {
    pool = await serverPool()
  })
  afterAll(async () => {
    await dropTenants(pool, prefix)
    await pool?.end()
  })

  it('R38: a batch of 2,000 users costs the same 11 round trips as a batch of 10, BEGIN to COMMIT', async () => {
    const counted = new pg.Pool({ connectionString: SERVER_URL, max: 4 })
    const { texts } = countStatements(counted)
    const ac = await open(counted, tenant())
    await ac.setSeatLimit(5000)
    const small = await transactionOf(ac, texts, agents(0, 10))
    const large = await transactionOf(ac, texts, agents(10, 2000))
    expect(large).toEqual(small) // the same statements, whatever the size: arrays are parameters
    expect(large).toHaveLength(11)
    expect(large.filter((t) => t.startsWith('INSERT INTO seatguard_users'))).toHaveLength(1)
    expect(large.filter((t) => t.startsWith('INSERT INTO seatguard_audit'))).toHaveLength(1)
    await ac.close()
    await counted.end()
  }, 60_000)

  it('R38/R15: batches racing from two OS processes never pass the seat limit', async () => {
    const t = tenant()
    const ac = await open(pool, t)
    await ac.setSeatLimit(23) // stored once: both worker processes enforce it
    await ac.setUsers([{ id: 'held', roles: ['agent'], seat: true }])
    const worker = fileURLToPath(new URL('./_batch-worker.ts', import.meta.url))
    const startAt = Date.now() + 2500
    const run = (tag: string) =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', worker, String(SERVER_URL), t, '23', tag, '6', '5', String(startAt)],
        { timeout: 60_000 },
      )
    const outputs = await Promise.all([run('a'), run('b')])
    const counts = outputs.map(
      (o) => JSON.parse(o.stdout.trim().split('\n').pop() ?? '{}') as { ok: number; refused: number; total: number },
    )
    expect(counts.every((c) => c.total === 6 && c.ok + c.refused === 6)).toBe(true)
    // 1 seat held, 22 left: four batches of 5 fit (21 seats), every other one is refused whole.
    expect(counts.reduce((sum, c) => sum + c.ok, 0)).toBe(4)
    const seats = await pool.query('SELECT count(*)::int AS n FROM seatguard_users WHERE tenant = $1 AND seat', [t])
    expect(seats.rows[0].n).toBe(21)
    const users = await pool.query('SELECT count(*)::int AS n FROM seatguard_users WHERE tenant = $1', [t])
    expect(users.rows[0].n).toBe(21) // no user of a refused batch was written
    const log = await ac.audit({ after: 2 })
    expect(log).toHaveLength(20)
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3))
    await ac.close()
  }, 90_000)
})
