import { SeatguardError } from '../errors.js'
import type { AuditEntry, AuditQuery } from '../model/audit.js'
import { auditWindow } from '../store/_audit-window.js'
import { Listeners } from '../store/_listeners.js'
import type { PolicyStore, StoreEvent, StoreTransaction, TenantState } from '../store/types.js'
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
import { CHANNEL, runnerFor } from './_runner.js'
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
 * const options: PostgresStoreOptions = { client: new PGlite(), autoMigrate: false }
 * ```
 */
export interface PostgresStoreOptions {
  /** A `pg.Pool`, a connected `pg.Client`, or a `PGlite` instance; it stays yours to close. */
  readonly client: PostgresClient
  /** Run `migrate()` on first use (default `true`). */
  readonly autoMigrate?: boolean
}

/**
 * A {@link PolicyStore} in PostgreSQL, plus `migrate()`, which creates or upgrades the
 * `seatguard_*` tables and resolves to the schema version.
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
  const client = (options as Partial<PostgresStoreOptions> | undefined)?.client
  if (typeof client !== 'object' || client === null || typeof client.query !== 'function') {
    throw new SeatguardError(
      'data/invalid',
      'createPostgresStore: "client" must be a pg.Pool, a pg.Client or a PGlite instance.',
    )
  }
  const runner = runnerFor(client)
  const listeners = new Listeners()
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
    if (options.autoMigrate === false) return
    await (migrated ?? doMigrate())
  }

  return {
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
      listeners.clear()
      await stopListening()
    },
  }

  async function stopListening(): Promise<void> {
    const pending = unlisten
    unlisten = undefined
    if (pending !== undefined) await (await pending.catch(() => async () => undefined))()
  }
}
