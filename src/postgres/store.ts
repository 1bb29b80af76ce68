import { show } from '../_util.js'
import { reading, SeatguardError } from '../errors.js'
import type { AuditEntry, AuditQuery } from '../model/audit.js'
import { auditWindow } from '../store/_audit-window.js'
import { checkEntry, checkListener, readTenantList } from '../store/_entries.js'
import { InFlight } from '../store/_in-flight.js'
import { Listeners } from '../store/_listeners.js'
import type { PolicyStore, StoreEvent, StoreTransaction, TenantState } from '../store/types.js'
import { readDeadline } from './_fail.js'
import {
  AUDIT_COLUMNS,
  auditFromRow,
  ROLE_COLUMNS,
  roleFromRow,
  SEAT_LIMIT_COLUMNS,
  seatLimitFromRow,
  USER_COLUMNS,
  userFromRow,
} from './_rows.js'
import { CHANNEL, type Runner, runnerFor } from './_runner.js'
import { migrate } from './_schema.js'
import { lockTenant, PostgresTransaction } from './_transaction.js'
import type { PostgresClient } from './client.js'

/**
 * What {@link createPostgresStore} takes: the client (a `pg.Pool`, a connected
 * `pg.Client`, or a `PGlite`), and whether to run {@link PostgresStore.migrate} on first
 * use (default `true`).
 *
 * @example
 * ```ts
 * import type { PostgresStoreOptions } from 'seatguard/postgres'
 * import { PGlite } from '@electric-sql/pglite'
 * const options: PostgresStoreOptions = { client: new PGlite(), autoMigrate: false, deadline: 2000 }
 * ```
 */
export interface PostgresStoreOptions {
  /** A `pg.Pool`, a connected `pg.Client`, or a `PGlite` instance; it stays yours to close. */
  readonly client: PostgresClient
  /** Run `migrate()` on first use (default `true`). */
  readonly autoMigrate?: boolean
  /**
   * How long, in ms, every database call may take (a checkout, a statement, BEGIN, COMMIT,
   * LISTEN) before it rejects with `store/unavailable` and, on a pool, its connection is
   * destroyed (default 5000; a whole number from 1 to 2³¹ − 1). It bounds how long a silent
   * connection can hold a service back (R27).
   */
  readonly deadline?: number
}

/**
 * A {@link PolicyStore} in PostgreSQL, plus `migrate()`, which creates or upgrades the
 * `seatguard_*` tables and resolves to the schema version, and `versions()`, which reads
 * the current version of many tenants in one query.
 *
 * @example
 * ```ts
 * import { createPostgresStore, type PostgresStore } from 'seatguard/postgres'
 * import { PGlite } from '@electric-sql/pglite'
 * const store: PostgresStore = createPostgresStore({ client: new PGlite() })
 * await store.migrate()
 * ```
 */
export interface PostgresStore extends PolicyStore {
  /** Creates or upgrades the `seatguard_*` tables (safe to run twice); resolves to the schema version. */
  migrate(): Promise<number>
  /**
   * The current version (last audit `seq`) of each listed tenant, in one query: a process
   * that follows many tenants polls them all at once. A tenant never written is absent.
   * A list that is not an array of strings (or has more than 100 000) is `data/invalid`.
   *
   * @example
   * ```ts
   * import { createPostgresStore } from 'seatguard/postgres'
   * import { PGlite } from '@electric-sql/pglite'
   * const store = createPostgresStore({ client: new PGlite() })
   * const versions = await store.versions(['acme', 'globex'])
   * versions.get('acme') ?? 0 // 0 while acme has no writes
   * ```
   */
  versions(tenants: readonly string[]): Promise<ReadonlyMap<string, number>>
  watch(listener: (event: StoreEvent) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/**
 * Keeps roles, users and the audit log in PostgreSQL (tables `seatguard_*`). A tenant's
 * transactions are serialised by locking its row in `seatguard_tenants`, so checks made
 * inside one (the seat limit, R15) hold across processes. Every commit is announced with
 * NOTIFY, so every AccessControl on the database refreshes (see docs/storage.md).
 * The client stays yours: `close()` stops listening but does not end it.
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl } from 'seatguard'
 * import { createPostgresStore } from 'seatguard/postgres'
 * import pg from 'pg'
 * const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' })
 * const store = createPostgresStore({ client: pool })
 * const ac = await createAccessControl({ catalogue: conversations, store, tenant: 'acme' })
 * await ac.setSeatLimit(20) // kept in the database: every instance on it enforces the same limit
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  // R29: every option is read once, here, so a getter or a Proxy cannot answer differently later.
  const { runner, autoMigrate } = reading('createPostgresStore', () => readOptions(options))
  const listeners = new Listeners()
  // R28: close() waits for the calls under way and refuses new ones at once.
  const calls = new InFlight('This Postgres store is closed: create a new one with createPostgresStore().')
  const emit = (event: StoreEvent): void => listeners.emit(event)
  let migrated: Promise<number> | undefined
  let unlisten: Promise<() => Promise<void>> | undefined

  const onPayload = (payload: string): void => {
    try {
      const { tenant, version } = JSON.parse(payload) as { tenant?: unknown; version?: unknown }
      if (typeof tenant === 'string' && typeof version === 'number') emit({ type: 'change', tenant, version })
    } catch {
      // Not ours.
    }
  }
  // A failed migration is forgotten, so a transient failure does not fail every later call.
  const doMigrate = (): Promise<number> => {
    const run: Promise<number> = runner.transaction(migrate).catch((err: unknown) => {
      if (migrated === run) migrated = undefined
      throw err
    })
    migrated = run
    return run
  }
  const ready = async (): Promise<void> => {
    if (!autoMigrate) return
    await (migrated ?? doMigrate())
  }

  const store: PostgresStore = {
    migrate: () => doMigrate(),

    async load(tenant: string): Promise<TenantState> {
      await ready()
      return runner.transaction(async (query) => {
        await query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
        const [t] = await query(`SELECT seq, ${SEAT_LIMIT_COLUMNS} FROM seatguard_tenants WHERE tenant = $1`, [tenant])
        const roles = await query(`SELECT ${ROLE_COLUMNS} FROM seatguard_roles WHERE tenant = $1 ORDER BY ord`, [
          tenant,
        ])
        const users = await query(`SELECT ${USER_COLUMNS} FROM seatguard_users WHERE tenant = $1 ORDER BY ord`, [
          tenant,
        ])
        // R15: a tenant that never had a seat limit loads as it did before limits were stored.
        const seatLimit = seatLimitFromRow(t ?? {})
        const limit = seatLimit.version > 0 ? { seatLimit } : {}
        return { version: Number(t?.seq ?? 0), roles: roles.map(roleFromRow), users: users.map(userFromRow), ...limit }
      })
    },

    async versions(tenants: readonly string[]): Promise<ReadonlyMap<string, number>> {
      const list = readTenantList(tenants)
      await ready()
      const rows = await runner.query('SELECT tenant, seq FROM seatguard_tenants WHERE tenant = ANY($1::text[])', [
        list,
      ])
      return new Map(rows.map((r) => [String(r.tenant), Number(r.seq)]))
    },

    async audit(tenant: string, q: AuditQuery = {}): Promise<readonly AuditEntry[]> {
      await ready()
      const { after, limit } = auditWindow(q)
      const rows = await runner.query(
        `SELECT ${AUDIT_COLUMNS} FROM seatguard_audit WHERE tenant = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [tenant, after, limit ?? null],
      )
      return rows.map(auditFromRow)
    },

    async transaction<T>(tenant: string, work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      await ready()
      let committed: StoreEvent | undefined
      const result = await runner.transaction(async (query) => {
        // The tenant row lock serialises writes only under READ COMMITTED (each statement then
        // reads what the previous lock holder committed); a server or role defaulting to
        // REPEATABLE READ or SERIALIZABLE would fail racing writes with 40001 instead.
        await query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')
        const tx = new PostgresTransaction(query, tenant, await lockTenant(query, tenant))
        const value = await work(tx)
        if (tx.seq > tx.start) {
          // One round trip: record the tenant's new seq and queue the NOTIFY sent at COMMIT.
          await query(
            'WITH bumped AS (UPDATE seatguard_tenants SET seq = $2 WHERE tenant = $1) SELECT pg_notify($3, $4)',
            [tenant, tx.seq, CHANNEL, JSON.stringify({ tenant, version: tx.seq })],
          )
          committed = { type: 'change', tenant, version: tx.seq }
        }
        return value
      })
      // This process hears of its own commits at once; NOTIFY tells the others.
      if (committed !== undefined) emit(committed)
      return result
    },

    async watch(listener: (event: StoreEvent) => void): Promise<() => Promise<void>> {
      listeners.add(listener)
      unlisten ??= runner
        .listen(onPayload, () => emit({ type: 'resync' }))
        .catch((err: unknown) => {
          unlisten = undefined
          throw err
        })
      try {
        await unlisten
      } catch (err) {
        listeners.delete(listener)
        throw err
      }
      return async () => {
        listeners.delete(listener)
        if (listeners.size === 0) await stopListening()
      }
    },

    close: async () => {
      await calls.close()
      listeners.clear()
      await stopListening()
    },
  }
  return gated(store, calls)

  async function stopListening(): Promise<void> {
    const pending = unlisten
    unlisten = undefined
    if (pending !== undefined) await (await pending.catch(() => async () => undefined))()
  }
}

/** The options, read once: the client (and the runner made for it), `autoMigrate`, `deadline`. */
function readOptions(options: PostgresStoreOptions): { runner: Runner; autoMigrate: boolean } {
  const { client, autoMigrate, deadline } = (options ?? {}) as Partial<PostgresStoreOptions>
  if (typeof client !== 'object' || client === null || typeof client.query !== 'function') {
    throw new SeatguardError(
      'data/invalid',
      'createPostgresStore: "client" must be a pg.Pool, a pg.Client or a PGlite instance.',
    )
  }
  if (autoMigrate !== undefined && typeof autoMigrate !== 'boolean') {
    throw new SeatguardError(
      'data/invalid',
      `createPostgresStore: "autoMigrate" must be a boolean, got ${show(autoMigrate)}.`,
    )
  }
  return { runner: runnerFor(client, readDeadline(deadline)), autoMigrate: autoMigrate ?? true }
}

/**
 * The entries of the store (R28, R29): each call is refused at once with `store/unavailable`
 * once close() began, and otherwise tracked until it settles, so close() can wait for it;
 * a tenant that is not a string, or a work or listener that is not a function, is `data/invalid`.
 */
function gated(store: PostgresStore, calls: InFlight): PostgresStore {
  return {
    migrate: () => calls.run(() => store.migrate()),
    load: (tenant) =>
      calls.run(() => {
        checkEntry('load', tenant)
        return store.load(tenant)
      }),
    audit: (tenant, query) =>
      calls.run(() => {
        checkEntry('audit', tenant)
        return store.audit(tenant, query)
      }),
    transaction: (tenant, work) =>
      calls.run(() => {
        checkEntry('transaction', tenant, work)
        return store.transaction(tenant, work)
      }),
    watch: (listener) =>
      calls.run(() => {
        checkListener(listener)
        return store.watch(listener)
      }),
    versions: (tenants) => calls.run(() => store.versions(tenants)),
    close: () => store.close(),
  }
}
