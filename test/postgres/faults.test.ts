import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { type AccessControl, conversations, createAccessControl } from '../../src/index.js'
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index.js'
import { dropTenants, SERVER_URL, serverPool, uniquePrefix } from './_db.js'
import { type FaultProxy, startProxy } from './_proxy.js'

// Faults on the real server, which other test runs share: every pool here carries an
// application_name of this run, and only backends of that name are ever terminated.
const prefix = uniquePrefix('faults')
const appName = `sg-faults-${process.pid}-${Math.random().toString(36).slice(2, 7)}`
let n = 0
const tenant = (): string => `${prefix}${++n}`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function within<T>(ms: number, promise: Promise<T>): Promise<T | 'hung'> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(resolve, ms, 'hung')))
  try {
    return await Promise.race([promise, hung])
  } finally {
    clearTimeout(timer)
  }
}

/** Kills of the LISTEN connection in one test: each round takes about 0.2 s. */
const KILLS = 20

/** What reaches the process as an uncaught exception or an unhandled rejection during the test. */
function watchCrashes(): unknown[] {
  const crashes: unknown[] = []
  const onCrash = (err: unknown): void => void crashes.push(err)
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)
  onTestFinished(() => {
    process.off('uncaughtException', onCrash)
    process.off('unhandledRejection', onCrash)
  })
  return crashes
}

async function eventually(check: () => boolean | Promise<boolean>, ms: number): Promise<number | undefined> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > ms) return undefined
    await sleep(10)
  }
  return Date.now() - start
}

const listening = async (admin: pg.Pool, app: string): Promise<number> =>
  (
    await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%' AND state = 'idle'",
      [app],
    )
  ).rows[0].n

describe.skipIf(!SERVER_URL)('faults on the real server', () => {
  let admin: pg.Pool
  const closing: { close(): Promise<unknown> }[] = []
  beforeAll(async () => {
    admin = await serverPool(4)
  })
  afterAll(async () => {
    for (const c of closing.reverse()) await c.close().catch(() => undefined)
    await dropTenants(admin, prefix)
    await admin.end()
  })
  const appPool = (app: string, max: number, connectionString = String(SERVER_URL)): pg.Pool => {
    const pool = new pg.Pool({ connectionString, max, application_name: app })
    pool.on('error', () => undefined) // what every application has; seatguard must not need more
    closing.push({ close: () => pool.end() })
    return pool
  }

  it('R26: killing the write connection mid-transaction 20 times never crashes the process, and leaves nothing half written', async () => {
    const t = tenant()
    const app = `${appName}-kill`
    const worker = fileURLToPath(new URL('./_kill-worker.ts', import.meta.url))
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', worker, String(SERVER_URL), t, app, '20'],
      { timeout: 40_000 },
    ).catch((err: { stderr?: string; code?: unknown }) => {
      throw new Error(`the writing process died (exit ${String(err.code)}): ${String(err.stderr).slice(0, 600)}`)
    })
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      kills: number
      ok: number
      after: number
      rejected: { code: unknown; driverCode: unknown; message: string }[]
    }
    expect(out.kills).toBeGreaterThanOrEqual(20)
    expect(out.after).toBe(5)
    expect(out.rejected.length).toBeGreaterThan(0)
    for (const r of out.rejected) {
      expect(r, r.message).toMatchObject({ code: 'store/unavailable', driverCode: expect.any(String) })
    }
    // Nothing half written: seq has no gap, and each user is what its last user.set entry says.
    const audit = await admin.query('SELECT seq, target, after FROM seatguard_audit WHERE tenant = $1 ORDER BY seq', [
      t,
    ])
    expect(audit.rows.map((r) => Number(r.seq))).toEqual(audit.rows.map((_, i) => i + 1))
    const [{ seq }] = (await admin.query('SELECT seq FROM seatguard_tenants WHERE tenant = $1', [t])).rows
    expect(Number(seq)).toBe(audit.rows.length)
    const users = await admin.query('SELECT id, roles, seat, queues, version FROM seatguard_users WHERE tenant = $1', [
      t,
    ])
    for (const u of users.rows) {
      const last = audit.rows.filter((r) => r.target === u.id).pop()?.after
      expect({ id: u.id, roles: u.roles, seat: u.seat, version: u.version }).toEqual({
        id: last.id,
        roles: last.roles,
        seat: last.seat,
        version: last.version,
      })
    }
    expect(audit.rows.length).toBe(out.ok + out.after)
  }, 50_000)

  it(`R26/R30: stores on one pool share one LISTEN connection; killed ${KILLS} times, it comes back each time and a later change reaches every service`, async () => {
    const t = tenant()
    const app = `${appName}-listen`
    const pool = appPool(app, 4)
    const writer = await createAccessControl({
      catalogue: conversations,
      store: createPostgresStore({ client: admin }),
      tenant: t,
      pollInterval: 0,
    })
    closing.push(writer)
    const services: AccessControl[] = []
    for (let i = 0; i < 3; i++) {
      const ac = await createAccessControl({
        catalogue: conversations,
        store: createPostgresStore({ client: pool }),
        tenant: t,
        pollInterval: 0,
      })
      closing.push(ac)
      services.push(ac)
    }
    expect(await listening(admin, app)).toBe(1)
    const crashes = watchCrashes()
    // Each round: kill, wait for the reconnect (the first backoff step, 0.1 s), write, see it everywhere.
    for (let kill = 1; kill <= KILLS; kill++) {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'",
        [app],
      )
      expect(killed.rowCount).toBe(1)
      const back = await eventually(async () => (await listening(admin, app)) === 1, 5000)
      expect(back).toBeDefined()
      await writer.setUser({ id: `u${kill}`, roles: ['agent'] })
      for (const ac of services) {
        expect(await eventually(() => ac.snapshotVersion() === kill, 5000)).toBeDefined()
      }
    }
    expect(crashes.map(String)).toEqual([])
  }, 60_000)

  describe('a silent network (loopback proxy)', () => {
    let proxy: FaultProxy
    beforeAll(async () => {
      const target = new URL(String(SERVER_URL))
      proxy = await startProxy(target.hostname, Number(target.port || 5432))
    })
    afterAll(async () => {
      await proxy.close()
    })

    const openBehindProxy = async (t: string, app: string): Promise<AccessControl> => {
      const pool = appPool(app, 4, proxy.url(String(SERVER_URL)))
      const store: PostgresStore = createPostgresStore({ client: pool, deadline: 1000 })
      const ac = await createAccessControl({ catalogue: conversations, store, tenant: t, pollInterval: 300 })
      closing.push(ac)
      return ac
    }

    it('R27: frozen connections delay the snapshot by at most pollInterval + deadline; refresh() settles within the deadline', async () => {
      const t = tenant()
      const ac = await openBehindProxy(t, `${appName}-freeze`)
      const writer = createPostgresStore({ client: admin })
      const other = await createAccessControl({ catalogue: conversations, store: writer, tenant: t, pollInterval: 0 })
      closing.push(other)
      await other.setUser({ id: 'ana', roles: ['agent'] })
      expect(await eventually(() => ac.snapshotVersion() === 1, 2000)).toBeDefined()
      proxy.freeze()
      try {
        const started = Date.now()
        const refreshed = await within(
          3000,
          ac.refresh().then(
            () => 'resolved',
            (err: { code?: string }) => err.code,
          ),
        )
        expect(refreshed).toBe('store/unavailable')
        expect(Date.now() - started).toBeLessThan(1000 + 500)
        const written = Date.now()
        await other.setUser({ id: 'bo', roles: ['viewer'] })
        const seen = await eventually(() => ac.snapshotVersion() === 2, 300 + 1000 + 1200)
        expect(seen, 'the frozen service never caught up').toBeDefined()
        expect(Date.now() - written).toBeLessThan(300 + 1000 + 1200)
      } finally {
        proxy.thaw()
      }
    }, 20_000)

    it('R26: after a drop ("restart") with writes in flight, the process keeps running and later calls work', async () => {
      const t = tenant()
      const crashes = watchCrashes()
      const ac = await openBehindProxy(t, `${appName}-drop`)
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      // Two loops of writes, so connections are checked out and mid-transaction when the drop comes.
      const outcomes: string[] = []
      const stopAt = Date.now() + 1500
      const loop = async (k: number): Promise<void> => {
        for (let i = 0; Date.now() < stopAt; i++) {
          outcomes.push(
            await ac.setUser({ id: `u${k}-${i % 3}`, roles: [i % 2 ? 'viewer' : 'agent'] }).then(
              () => 'ok',
              (err: { code?: string }) => String(err.code),
            ),
          )
        }
      }
      const loops = Promise.all([loop(0), loop(1)])
      await sleep(300)
      proxy.drop(500)
      expect(await within(5000, loops)).not.toBe('hung')
      expect(outcomes).toContain('store/unavailable')
      for (const o of outcomes) expect(['ok', 'store/unavailable']).toContain(o)
      const recovered = await eventually(
        () =>
          ac.setUser({ id: 'cy', roles: ['agent'] }).then(
            () => true,
            () => false,
          ),
        5000,
      )
      expect(recovered, 'no write worked after the restart').toBeDefined()
      expect((await ac.user('cy'))?.roles).toEqual(['agent'])
      expect(crashes.map(String)).toEqual([])
    }, 20_000)
  })

  it('R30: 50 stores on one pool of max 3, each with a service, hold one LISTEN connection and none hangs', async () => {
    const app = `${appName}-many`
    const pool = appPool(app, 3)
    const services: AccessControl[] = []
    for (let i = 0; i < 50; i++) {
      const opened = await within(
        3000,
        createAccessControl({
          catalogue: conversations,
          store: createPostgresStore({ client: pool, deadline: 2000 }),
          tenant: tenant(),
          pollInterval: 0,
        }),
      )
      expect(opened, `store ${i + 1} hung`).not.toBe('hung')
      services.push(opened as AccessControl)
    }
    expect(await listening(admin, app)).toBe(1)
    await services[7]?.setUser({ id: 'ana', roles: ['agent'] })
    for (const ac of services) await ac.close()
    expect(await eventually(async () => (await listening(admin, app)) === 0, 3000)).toBeDefined()
  }, 30_000)
})
