import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AccessControl, conversations, createAccessControl, type StoreEvent } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'
import { ASSIGN } from '../_fixtures.js'
import { dropTenants, SERVER_URL, serverPool, uniquePrefix, usePglite } from './_db.js'

const prefix = uniquePrefix('adapter')
let n = 0
const tenant = (): string => `${prefix}${++n}`

async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
}

/**
 * R16: a database seatguard left at schema version 1 (no seatguard_retired_roles) migrates to 2,
 * and roles deleted before the upgrade count: created again, they continue their version.
 * `client` must be a database no one else uses while this runs (it drops and rebuilds a table).
 */
/**
 * Runs `use` against a database of its own on the real server, created for it and dropped
 * after. A server user without CREATEDB cannot run such a test: it is skipped, the rest still runs.
 */
async function withScratchDatabase(
  admin: pg.Pool,
  kind: string,
  skip: () => void,
  use: (url: string) => Promise<void>,
): Promise<void> {
  const name = `seatguard_${kind}_${Date.now().toString(36)}_${process.pid}`
  try {
    await admin.query(`CREATE DATABASE ${name}`) // a generated name of letters, digits and _
  } catch (err) {
    if ((err as { code?: string }).code === '42501') return skip()
    throw err
  }
  const url = new URL(String(SERVER_URL))
  url.pathname = `/${name}`
  try {
    await use(url.toString())
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`)
  }
}

async function migratesFromVersion1(client: PGlite | pg.Pool): Promise<void> {
  const [t, other, edited] = [tenant(), tenant(), tenant()]
  const sql = (text: string, params?: unknown[]) =>
    (client as { query(text: string, params?: unknown[]): Promise<unknown> }).query(text, params)
  const before = await createAccessControl({
    catalogue: conversations,
    store: createPostgresStore({ client }),
    tenant: t,
    pollInterval: 0,
  })
  await before.createRole({ id: 'old', name: 'Old', permissions: [] })
  await before.updateRole('old', { name: 'Older' }) // version 2
  await before.deleteRole('old')
  await before.createRole({ id: 'gone', name: 'Gone', permissions: [] })
  await before.deleteRole('gone')
  await before.close()
  // A role.deleted entry edited outside seatguard (version 1.5) is skipped, not a failed upgrade.
  await sql(
    `INSERT INTO seatguard_audit (tenant, seq, at, actor, action, target, before, after) VALUES ($1, 1, now(), NULL, 'role.deleted', 'odd', $2::jsonb, NULL)`,
    [edited, JSON.stringify({ id: 'odd', name: 'Odd', permissions: [], version: 1.5 })],
  )
  // Back to what schema version 1 was: this table, the queues and seat limit columns did not exist.
  await sql('DROP TABLE seatguard_retired_roles')
  await sql('ALTER TABLE seatguard_users DROP COLUMN queues')
  await sql(DROP_SEAT_LIMIT)
  await sql('UPDATE seatguard_schema SET version = 1')
  expect(
    await Promise.all([createPostgresStore({ client }).migrate(), createPostgresStore({ client }).migrate()]),
  ).toEqual([4, 4])
  const after = await createAccessControl({
    catalogue: conversations,
    store: createPostgresStore({ client }),
    tenant: t,
    pollInterval: 0,
  })
  expect((await after.createRole({ id: 'old', name: 'Again', permissions: [] }, { expectedVersion: 0 })).version).toBe(
    3,
  )
  expect((await after.duplicateRole('agent', { id: 'gone', name: 'Again' })).version).toBe(2)
  await after.close()
  const elsewhere = await createAccessControl({
    catalogue: conversations,
    store: createPostgresStore({ client }),
    tenant: other,
    pollInterval: 0,
  })
  expect((await elsewhere.createRole({ id: 'old', name: 'Mine', permissions: [] })).version).toBe(1) // R18
  await elsewhere.close()
  const odd = await createPostgresStore({ client }).transaction(edited, async (tx) => tx.retiredRoleVersion?.('odd'))
  expect(odd).toBe(0)
}

/**
 * R25: a database seatguard left at schema version 2 (no queues column) migrates to 3: the
 * users stored before keep their roles, seat, version and audit entries and belong to no
 * queue; setUser then gives them queues. Like migratesFromVersion1, `client` must be a
 * database no one else uses while this runs (it drops a column).
 */
async function migratesFromVersion2(client: PGlite | pg.Pool): Promise<void> {
  const [t, other] = [tenant(), tenant()]
  const sql = (text: string, params?: unknown[]) =>
    (client as { query(text: string, params?: unknown[]): Promise<unknown> }).query(text, params)
  const open = (id: string) =>
    createAccessControl({
      catalogue: conversations,
      store: createPostgresStore({ client }),
      tenant: id,
      pollInterval: 0,
    })
  const before = await open(t)
  await before.setUser({ id: 'ana', roles: ['agent'], seat: true }, { actor: 'hr' })
  await before.setUser({ id: 'ana', roles: ['viewer'] }) // version 2
  await before.close()
  // Back to what schema version 2 was: no queues column, and a row the version 2 code wrote.
  await sql('ALTER TABLE seatguard_users DROP COLUMN queues')
  await sql(DROP_SEAT_LIMIT)
  await sql('UPDATE seatguard_schema SET version = 2')
  await sql(
    `INSERT INTO seatguard_users (tenant, id, roles, seat, version) VALUES ($1, 'ben', '["agent"]'::jsonb, false, 1)`,
    [other],
  )
  expect(
    await Promise.all([createPostgresStore({ client }).migrate(), createPostgresStore({ client }).migrate()]),
  ).toEqual([4, 4])
  expect(await createPostgresStore({ client }).migrate()).toBe(4) // and once more: nothing to do
  const store = createPostgresStore({ client })
  const ana = { id: 'ana', roles: ['viewer'], seat: true, version: 2 }
  expect((await store.load(t)).users).toEqual([ana])
  expect('queues' in ((await store.load(t)).users[0] ?? {})).toBe(false)
  expect((await store.load(other)).users).toEqual([{ id: 'ben', roles: ['agent'], seat: false, version: 1 }])
  const after = await open(t)
  expect((await after.audit()).map((e) => e.after)).toEqual([{ ...ana, roles: ['agent'], version: 1 }, ana])
  const withQueues = await after.setUser({ id: 'ana', roles: ['viewer'], queues: ['billing'] }, { expectedVersion: 2 })
  expect(withQueues).toEqual({ ...ana, queues: ['billing'], version: 3 })
  expect((await store.load(t)).users).toEqual([withQueues])
  expect((await after.audit({ after: 2 })).map((e) => [e.action, e.before, e.after])).toEqual([
    ['user.set', ana, withQueues],
  ])
  expect(await after.can('ana', 'contact-center/conversations/view', { queue: 'billing' })).toBe(true)
  await after.close()
  const ben = await open(other)
  expect((await ben.setUser({ id: 'ben', roles: ['agent'], queues: ['sales'] })).version).toBe(2)
  expect((await store.load(other)).users).toEqual([
    { id: 'ben', roles: ['agent'], seat: false, queues: ['sales'], version: 2 },
  ])
  await ben.close()
}

/** Back to schema version 3: the tenants table without the seat limit columns version 4 added. */
const DROP_SEAT_LIMIT = 'ALTER TABLE seatguard_tenants DROP COLUMN seat_limit, DROP COLUMN seat_limit_version'

/**
 * R15: a database seatguard left at schema version 3 (no seat limit columns) migrates to 4:
 * every tenant stored before has no limit and loads as before, keeping its versions and
 * audit entries; setSeatLimit then stores one, which the database enforces. Like the others,
 * `client` must be a database no one else uses while this runs (it drops columns).
 */
async function migratesFromVersion3(client: PGlite | pg.Pool): Promise<void> {
  const [t, other] = [tenant(), tenant()]
  const sql = (text: string, params?: unknown[]) =>
    (client as { query(text: string, params?: unknown[]): Promise<unknown> }).query(text, params)
  const open = (id: string) =>
    createAccessControl({
      catalogue: conversations,
      store: createPostgresStore({ client }),
      tenant: id,
      pollInterval: 0,
    })
  const before = await open(t)
  await before.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] })
  await before.setUser({ id: 'ben', roles: ['agent'] })
  await before.close()
  const stored = await createPostgresStore({ client }).load(t)
  await sql(DROP_SEAT_LIMIT)
  await sql('UPDATE seatguard_schema SET version = 3')
  expect(
    await Promise.all([createPostgresStore({ client }).migrate(), createPostgresStore({ client }).migrate()]),
  ).toEqual([4, 4])
  expect(await createPostgresStore({ client }).migrate()).toBe(4) // and once more: nothing to do
  const store = createPostgresStore({ client })
  expect(await store.load(t)).toEqual(stored) // no seatLimit key: no limit, as before
  const after = await open(t)
  expect(await after.seats()).toEqual({ limit: null, held: 1, available: null, limitVersion: 0 })
  expect(await after.setSeatLimit(1, { actor: 'billing' })).toEqual({ limit: 1, version: 1 })
  await expect(after.grantSeat('ben')).rejects.toMatchObject({ code: 'seat/limit-reached' })
  expect(await store.load(t)).toEqual({ ...stored, version: 3, seatLimit: { limit: 1, version: 1 } })
  const [entry] = await after.audit({ after: 2 })
  expect(entry).toMatchObject({
    seq: 3,
    action: 'tenant.seat-limit-set',
    before: null,
    after: { limit: 1, version: 1 },
  })
  await after.close()
  // R18: the limit is this tenant's alone.
  const elsewhere = await open(other)
  await elsewhere.setUser({ id: 'cy', roles: ['agent'], seat: true })
  await elsewhere.setUser({ id: 'dee', roles: ['agent'], seat: true })
  expect(await elsewhere.seats()).toMatchObject({ limit: null, held: 2 })
  await elsewhere.close()
}

describe('postgres store on PGlite', () => {
  const db = usePglite()

  it('R15: migrate() takes a schema version 3 database forward: tenants stored before have no seat limit, and can be given one', async () => {
    await migratesFromVersion3(db())
  })

  it('R16: migrate() takes a schema version 1 database forward, counting roles deleted before the upgrade', async () => {
    await migratesFromVersion1(db())
  })

  it('R25: migrate() takes a schema version 2 database forward: users stored before belong to no queue, and can be given some', async () => {
    await migratesFromVersion2(db())
  })

  it('migrate() is safe to run again and keeps the data', async () => {
    const store = createPostgresStore({ client: db() })
    const ac = await createAccessControl({ catalogue: conversations, store, tenant: tenant(), pollInterval: 0 })
    await ac.setUser({ id: 'ana', roles: ['agent'] })
    expect(await store.migrate()).toBe(4)
    expect(await Promise.all([store.migrate(), createPostgresStore({ client: db() }).migrate()])).toEqual([4, 4])
    expect((await store.load(ac.tenant)).users.map((u) => u.id)).toEqual(['ana'])
    // A version row behind the tables (the queues column already there) migrates too, keeping the queues.
    await ac.setUser({ id: 'ana', roles: ['agent'], queues: ['billing'] })
    await db().query('UPDATE seatguard_schema SET version = 2')
    expect(await store.migrate()).toBe(4)
    expect((await store.load(ac.tenant)).users.map((u) => u.queues)).toEqual([['billing']])
    await ac.close()
  })

  it('R15: a seat limit edited outside seatguard into no record is data/invalid, not a limit silently read as another', async () => {
    const client = db()
    const store = createPostgresStore({ client })
    const ac = await createAccessControl({ catalogue: conversations, store, tenant: tenant(), pollInterval: 0 })
    await ac.setUser({ id: 'ana', roles: ['agent'] })
    await ac.setSeatLimit(5)
    // A limit without a version (0 means "never set") is no record the service wrote.
    await client.query('UPDATE seatguard_tenants SET seat_limit_version = 0 WHERE tenant = $1', [ac.tenant])
    await expect(ac.grantSeat('ana')).rejects.toMatchObject({ code: 'data/invalid' })
    await expect(store.load(ac.tenant)).rejects.toMatchObject({ code: 'data/invalid' })
    // The check constraints keep a negative limit or version out of the table altogether.
    await expect(
      client.query('UPDATE seatguard_tenants SET seat_limit = -1 WHERE tenant = $1', [ac.tenant]),
    ).rejects.toThrow('seatguard_tenants_seat_limit')
    await ac.close()
  })

  it('treats hostile strings as data: SQL is never built from them', async () => {
    const evil = `x'); DROP TABLE seatguard_users; --`
    const store = createPostgresStore({ client: db() })
    const ac = await createAccessControl({
      catalogue: conversations,
      store,
      tenant: `${tenant()}${evil}`,
      pollInterval: 0,
    })
    await ac.createRole({ id: 'quote', name: `Robert'); DROP TABLE seatguard_roles;-- $1 \\`, permissions: [ASSIGN] })
    const user = await ac.setUser({ id: evil, roles: ['quote'] }, { actor: `'actor"` })
    expect((await store.load(ac.tenant)).users).toEqual([user])
    expect((await ac.audit()).map((e) => e.actor)).toEqual([null, `'actor"`])
    expect(ac.policy().role('quote')?.name).toBe(`Robert'); DROP TABLE seatguard_roles;-- $1 \\`)
    expect((await db().query('SELECT count(*)::int AS n FROM seatguard_users')).rows).toHaveLength(1)
    await ac.close()
  })

  it('refuses a value that is no client with data/invalid', () => {
    expect(() => createPostgresStore({ client: {} as never })).toThrow(
      expect.objectContaining({ code: 'data/invalid' }),
    )
    expect(() => createPostgresStore(undefined as never)).toThrow(expect.objectContaining({ code: 'data/invalid' }))
  })

  it('refuses stored rows edited outside seatguard with data/invalid', async () => {
    const store = createPostgresStore({ client: db() })
    const t = tenant()
    const ac = await createAccessControl({ catalogue: conversations, store, tenant: t, pollInterval: 0 })
    await ac.setUser({ id: 'ana', roles: ['agent'] })
    await db().query(`UPDATE seatguard_users SET roles = '"agent"'::jsonb WHERE tenant = $1`, [t])
    await expect(store.load(t)).rejects.toMatchObject({ code: 'data/invalid' })
    await db().query(`UPDATE seatguard_users SET roles = '["agent"]'::jsonb WHERE tenant = $1`, [t])
    expect((await store.load(t)).users).toHaveLength(1)
    // R25: queues that are no list of queue ids; a column that is no list at all is refused by the table.
    for (const queues of ['[1]', '["not a queue"]']) {
      await db().query('UPDATE seatguard_users SET queues = $2::jsonb WHERE tenant = $1', [t, queues])
      await expect(store.load(t), queues).rejects.toMatchObject({ code: 'data/invalid' })
    }
    await expect(
      db().query(`UPDATE seatguard_users SET queues = '"billing"'::jsonb WHERE tenant = $1`, [t]),
    ).rejects.toThrow(/seatguard_users_queues_list/)
    await ac.close()
  })

  it('refuses audit entries edited outside seatguard with data/invalid (services replay them into their snapshots)', async () => {
    const store = createPostgresStore({ client: db() })
    const t = tenant()
    const ac = await createAccessControl({ catalogue: conversations, store, tenant: t, pollInterval: 0 })
    await ac.setUser({ id: 'ana', roles: ['agent'] })
    expect((await store.audit(t))[0]?.after).toEqual({ id: 'ana', roles: ['agent'], seat: false, version: 1 })
    for (const [column, value] of [
      ['after', '"ana"'],
      ['after', '{"id":"ana","roles":"agent","seat":false,"version":1}'],
      ['after', '{"id":"ana","roles":["agent"],"seat":false,"queues":["bad queue"],"version":1}'],
      ['after', '{"id":"ana","roles":["agent"],"seat":false,"queues":"billing","version":1}'],
      ['before', '[1]'],
      ['action', 'user.deleted'],
    ]) {
      const [row] = (
        await db().query<Record<string, unknown>>(
          'SELECT action, before, after FROM seatguard_audit WHERE tenant = $1',
          [t],
        )
      ).rows
      // A constant column name from the list above, never input.
      await db().query(
        `UPDATE seatguard_audit SET ${column} = $2${column === 'action' ? '' : '::jsonb'} WHERE tenant = $1`,
        [t, value],
      )
      await expect(store.audit(t)).rejects.toMatchObject({ code: 'data/invalid' })
      await db().query(
        'UPDATE seatguard_audit SET action = $2, before = $3::jsonb, after = $4::jsonb WHERE tenant = $1',
        [t, row?.action, row?.before == null ? null : JSON.stringify(row.before), JSON.stringify(row?.after)],
      )
    }
    expect((await store.audit(t)).map((e) => e.action)).toEqual(['user.set'])
    await ac.close()
  })

  it('a failed migrate() does not poison the store: the next use migrates again', async () => {
    let fail = true
    const flaky: PGlite = Object.create(db(), {
      // The first transaction fails as a dropped connection would; later ones reach the database.
      transaction: {
        value: (work: Parameters<PGlite['transaction']>[0]) => {
          if (!fail) return db().transaction(work)
          fail = false
          return Promise.reject(new Error('connection reset'))
        },
      },
    })
    const store = createPostgresStore({ client: flaky })
    await expect(store.migrate()).rejects.toThrow('connection reset')
    expect(await store.load(tenant())).toEqual({ version: 0, roles: [], users: [] })
  })

  it('a second store on the same PGlite hears changes through LISTEN/NOTIFY (no polling)', async () => {
    const t = tenant()
    const a = await createAccessControl({
      catalogue: conversations,
      store: createPostgresStore({ client: db() }),
      tenant: t,
      pollInterval: 0,
    })
    const b = await createAccessControl({
      catalogue: conversations,
      store: createPostgresStore({ client: db() }),
      tenant: t,
      pollInterval: 0,
    })
    await a.setUser({ id: 'ana', roles: ['agent'], seat: true })
    expect(await eventually(() => b.can('ana', ASSIGN))).toBe(true)
    expect(b.snapshotVersion()).toBe(1)
    await Promise.all([a.close(), b.close()])
  })
})

describe.skipIf(!SERVER_URL)('postgres store on a real server: several instances', () => {
  let pool: pg.Pool
  const opened: { close(): Promise<void> }[] = []
  const open = async (client: pg.Pool | pg.Client, t: string): Promise<AccessControl> => {
    const store = createPostgresStore({ client })
    const ac = await createAccessControl({ catalogue: conversations, store, tenant: t, pollInterval: 0 })
    opened.push(ac, store)
    return ac
  }
  beforeAll(async () => {
    pool = await serverPool()
  })
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close()
    await dropTenants(pool, prefix)
    await pool?.end()
  })

  it('two processes may migrate at once (advisory lock)', async () => {
    const other = new pg.Pool({ connectionString: SERVER_URL, max: 2 })
    try {
      const results = await Promise.all([
        createPostgresStore({ client: pool }).migrate(),
        createPostgresStore({ client: other }).migrate(),
        createPostgresStore({ client: other }).migrate(),
      ])
      expect(results).toEqual([4, 4, 4])
    } finally {
      await other.end()
    }
  })

  it('on a fresh database, three processes migrating at once all succeed and create the schema once', async (ctx) => {
    await withScratchDatabase(
      pool,
      'mig',
      () => ctx.skip(),
      async (url) => {
        const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: url, max: 1 }))
        try {
          expect(await Promise.all(pools.map((p) => createPostgresStore({ client: p }).migrate()))).toEqual([4, 4, 4])
          const tables = await pools[0]?.query(
            "SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'seatguard%'",
          )
          expect(tables?.rows[0].n).toBe(6)
        } finally {
          await Promise.all(pools.map((p) => p.end()))
        }
      },
    )
  })

  it('R16: migrate() takes a schema version 1 database forward, counting roles deleted before the upgrade (a database of its own)', async (ctx) => {
    await withScratchDatabase(
      pool,
      'up',
      () => ctx.skip(),
      async (url) => {
        const fresh = new pg.Pool({ connectionString: url, max: 4 })
        try {
          await migratesFromVersion1(fresh)
        } finally {
          await fresh.end()
        }
      },
    )
  })

  it('R25: migrate() takes a schema version 2 database forward: users stored before belong to no queue (a database of its own)', async (ctx) => {
    await withScratchDatabase(
      pool,
      'upq',
      () => ctx.skip(),
      async (url) => {
        const fresh = new pg.Pool({ connectionString: url, max: 4 })
        try {
          await createPostgresStore({ client: fresh }).migrate()
          await migratesFromVersion2(fresh)
        } finally {
          await fresh.end()
        }
      },
    )
  })

  it('R15: migrate() takes a schema version 3 database forward: tenants stored before have no seat limit (a database of its own)', async (ctx) => {
    await withScratchDatabase(
      pool,
      'upl',
      () => ctx.skip(),
      async (url) => {
        const fresh = new pg.Pool({ connectionString: url, max: 4 })
        try {
          await migratesFromVersion3(fresh)
        } finally {
          await fresh.end()
        }
      },
    )
  })

  it('on a fresh database defaulting to serializable, three processes migrating at once all succeed', async (ctx) => {
    await withScratchDatabase(
      pool,
      'ser',
      () => ctx.skip(),
      async (url) => {
        const pools = Array.from(
          { length: 3 },
          () =>
            new pg.Pool({ connectionString: url, max: 1, options: '-c default_transaction_isolation=serializable' }),
        )
        try {
          const results = await Promise.allSettled(pools.map((p) => createPostgresStore({ client: p }).migrate()))
          expect(
            results.map((r) =>
              r.status === 'fulfilled'
                ? r.value
                : (r.reason as { context?: { driverCode?: string } }).context?.driverCode,
            ),
          ).toEqual([4, 4, 4])
        } finally {
          await Promise.all(pools.map((p) => p.end()))
        }
      },
    )
  })

  it('a change by one service is seen by another on its own connections, both ways, through NOTIFY', async () => {
    const t = tenant()
    const otherPool = new pg.Pool({ connectionString: SERVER_URL, max: 4 })
    opened.push({ close: () => otherPool.end() })
    const a = await open(pool, t)
    const b = await open(otherPool, t)
    await a.setUser({ id: 'ana', roles: ['agent'], seat: true })
    expect(await eventually(() => b.can('ana', ASSIGN))).toBe(true)
    await b.duplicateRole('agent', { id: 'junior', name: 'Junior' })
    await b.setUser({ id: 'ana', roles: ['junior'] })
    expect(await eventually(async () => a.snapshotVersion() === 3)).toBe(true)
    expect(a.policy().role('junior')?.derivedFrom).toBe('agent')
    expect((await a.user('ana'))?.roles).toEqual(['junior'])
  })

  it('a store on a single pg.Client follows the feed too', async () => {
    const t = tenant()
    const client = new pg.Client({ connectionString: SERVER_URL })
    await client.connect()
    opened.push({ close: () => client.end() })
    const a = await open(pool, t)
    const b = await open(client, t)
    await a.setUser({ id: 'bo', roles: ['viewer'] })
    expect(await eventually(async () => (await b.user('bo')) !== undefined)).toBe(true)
  })

  it('R14: two stores on one pg.Client keep their transactions apart: a failed one leaves nothing, even while the other commits', async () => {
    const client = new pg.Client({ connectionString: SERVER_URL })
    await client.connect()
    opened.push({ close: () => client.end() })
    const [one, two] = [createPostgresStore({ client }), createPostgresStore({ client })]
    const [t1, t2] = [tenant(), tenant()]
    const draft = (id: string) => ({
      at: new Date().toISOString(),
      actor: null,
      action: 'user.set' as const,
      target: id,
      before: null,
      after: { id, roles: [], seat: false, version: 1 },
    })
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const failing = one.transaction(t1, async (tx) => {
      await tx.putUser({ id: 'lost', roles: [], seat: true, version: 1 })
      await tx.append(draft('lost'))
      // Without a shared queue the other store's transaction runs meanwhile, on the same
      // connection; with one it waits, so give up waiting after a moment.
      await Promise.race([gate, new Promise((resolve) => setTimeout(resolve, 200))])
      throw new Error('refused')
    })
    const committing = two.transaction(t2, async (tx) => {
      release()
      await tx.putUser({ id: 'kept', roles: [], seat: false, version: 1 })
      await tx.append(draft('kept'))
    })
    await expect(failing).rejects.toThrow('refused')
    await committing
    expect(await one.load(t1)).toEqual({ version: 0, roles: [], users: [] })
    expect((await two.load(t2)).users.map((u) => u.id)).toEqual(['kept'])
  })

  it('resynchronises after its LISTEN connection drops: a change made meanwhile is not lost', async () => {
    const t = tenant()
    const app = `${prefix}listener`
    const watched = new pg.Pool({ connectionString: SERVER_URL, max: 4, application_name: app })
    watched.on('error', () => undefined)
    opened.push({ close: () => watched.end() })
    const a = await open(pool, t)
    const store = createPostgresStore({ client: watched })
    const events: StoreEvent['type'][] = []
    opened.push({ close: await store.watch((e) => void events.push(e.type)) })
    const b = await createAccessControl({ catalogue: conversations, store, tenant: t, pollInterval: 0 })
    opened.push(b, store)
    const kill =
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query = 'LISTEN seatguard_changes'"
    const killed = await pool.query(kill, [app])
    expect(killed.rowCount).toBe(1)
    await a.setUser({ id: 'cy', roles: ['agent'], seat: true }) // NOTIFY goes out while b is deaf
    expect(await eventually(() => b.can('cy', ASSIGN))).toBe(true)
    expect(events).toContain('resync')
    const listening = await pool.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND query = 'LISTEN seatguard_changes'",
      [app],
    )
    expect(listening.rows[0].n).toBe(1)
  })

  it('a refused write returns its connection to the pool instead of destroying it', async () => {
    const small = new pg.Pool({ connectionString: SERVER_URL, max: 3 })
    let destroyed = 0
    small.on('remove', () => void destroyed++)
    const ac = await createAccessControl({
      catalogue: conversations,
      store: createPostgresStore({ client: small }),
      tenant: tenant(),
      pollInterval: 0,
    })
    try {
      await ac.setSeatLimit(0)
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      for (let i = 0; i < 5; i++) {
        await expect(ac.setUser({ id: 'ana', roles: ['viewer'] }, { expectedVersion: 0 })).rejects.toMatchObject({
          code: 'store/conflict',
        })
        await expect(ac.grantSeat('ana')).rejects.toMatchObject({ code: 'seat/limit-reached' })
      }
      expect(await ac.setUser({ id: 'ana', roles: ['viewer'] })).toMatchObject({ version: 2 })
      expect(destroyed).toBe(0) // before the fix: one destroyed connection (and a reconnect) per refusal
    } finally {
      await ac.close()
      await small.end()
    }
  })

  it('a Pool of one connection is refused at watch time: LISTEN would hold it and every transaction would wait forever', async () => {
    const one = new pg.Pool({ connectionString: SERVER_URL, max: 1 })
    try {
      const opening = createAccessControl({
        catalogue: conversations,
        store: createPostgresStore({ client: one }),
        tenant: tenant(),
        pollInterval: 0,
      })
      const outcome = await Promise.race([
        opening.then(
          () => 'opened',
          (err: { code?: string }) => err.code,
        ),
        new Promise((resolve) => setTimeout(resolve, 3000, 'hung')),
      ])
      expect(outcome).toBe('data/invalid')
      // Used without a watcher (no AccessControl), the same store works.
      expect(await createPostgresStore({ client: one }).load(tenant())).toEqual({ version: 0, roles: [], users: [] })
    } finally {
      await one.end()
    }
  })

  it('close() leaves nothing that keeps Node alive: the process exits once the service and its client are closed', async () => {
    const worker = fileURLToPath(new URL('./_exit-worker.ts', import.meta.url))
    for (const mode of ['memory', 'pool', 'client']) {
      const started = Date.now()
      // The worker's default poll is 5 s: a process still alive after 4 s is held by something.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', worker, mode, String(SERVER_URL), tenant()],
        { timeout: 4000 },
      )
      expect(stdout.trim(), mode).toBe('closed')
      expect(Date.now() - started, mode).toBeLessThan(4000)
    }
  }, 20_000)

  it('R15/R16: writes still take turns on a database whose default isolation is serializable (no store/unavailable 40001)', async () => {
    // Some servers set default_transaction_isolation; the tenant row lock only serialises under READ COMMITTED.
    const strict = new pg.Pool({
      connectionString: SERVER_URL,
      max: 8,
      options: '-c default_transaction_isolation=serializable',
    })
    opened.push({ close: () => strict.end() })
    const t = tenant()
    const ac = await open(strict, t)
    for (let i = 0; i < 30; i++) await ac.setUser({ id: `u${i}`, roles: ['agent'] })
    const limited = await createAccessControl({
      catalogue: conversations,
      store: createPostgresStore({ client: strict }),
      tenant: t,
      pollInterval: 0,
    })
    opened.push(limited)
    await limited.setSeatLimit(10)
    const outcome = (r: PromiseSettledResult<unknown>): string =>
      r.status === 'fulfilled' ? 'ok' : String((r.reason as { code?: string }).code)
    const grants = (await Promise.allSettled(Array.from({ length: 30 }, (_, i) => limited.grantSeat(`u${i}`)))).map(
      outcome,
    )
    expect(grants.filter((c) => c === 'ok')).toHaveLength(10)
    expect(grants.filter((c) => c === 'seat/limit-reached')).toHaveLength(20)
    const racing = await Promise.allSettled(
      ['viewer', 'supervisor', 'setup'].map((role) => ac.setUser({ id: 'u29', roles: [role] }, { expectedVersion: 1 })),
    )
    expect(racing.map(outcome).sort()).toEqual(['ok', 'store/conflict', 'store/conflict'])
  }, 30_000)

  it('R15: seat grants racing from two OS processes never exceed the limit', async () => {
    const t = tenant()
    const ac = await open(pool, t)
    for (let i = 0; i < 60; i++) await ac.setUser({ id: `u${i}`, roles: ['agent'] })
    await ac.setSeatLimit(12) // stored once: both worker processes enforce it
    const worker = fileURLToPath(new URL('./_grant-worker.ts', import.meta.url))
    const startAt = Date.now() + 2500
    const run = (from: number, to: number) =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', worker, String(SERVER_URL), t, '12', String(from), String(to), String(startAt)],
        { timeout: 60_000 },
      )
    const outputs = await Promise.all([run(0, 30), run(30, 60)])
    const counts = outputs.map(
      (o) => JSON.parse(o.stdout.trim().split('\n').pop() ?? '{}') as { ok: number; refused: number; total: number },
    )
    expect(counts.every((c) => c.total === 30 && c.ok + c.refused === 30)).toBe(true)
    expect(counts.reduce((sum, c) => sum + c.ok, 0)).toBe(12)
    const seats = await pool.query('SELECT count(*)::int AS n FROM seatguard_users WHERE tenant = $1 AND seat', [t])
    expect(seats.rows[0].n).toBe(12)
    const grants = (await ac.audit({ after: 61 })).filter((e) => e.action === 'seat.granted')
    expect(grants).toHaveLength(12)
    expect(new Set(grants.map((e) => e.actor)).size).toBeGreaterThanOrEqual(1)
  }, 90_000)
})
