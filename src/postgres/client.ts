/**
 * The subset of node-postgres and PGlite that the Postgres store uses, typed
 * structurally so seatguard needs neither package: pass a `pg.Pool`, a connected
 * `pg.Client`, or a `PGlite` instance and it fits.
 */

/**
 * What every client's `query` resolves to: the rows, as plain objects.
 *
 * @example
 * ```ts
 * import type { PgResult } from 'seatguard/postgres'
 * const result: PgResult = { rows: [{ n: 1 }] }
 * ```
 */
export interface PgResult {
  /** The rows the statement returned. */
  readonly rows: readonly unknown[]
}

/**
 * Anything that runs one parameterised statement: `$1, $2…` placeholders, values apart.
 *
 * @example
 * ```ts
 * import type { PgQueryable } from 'seatguard/postgres'
 * const count = async (db: PgQueryable): Promise<unknown> => (await db.query('SELECT count(*) FROM seatguard_users WHERE tenant = $1', ['acme'])).rows[0]
 * ```
 */
export interface PgQueryable {
  /** Runs `text` with `params` bound to its `$1, $2…` placeholders. */
  query(text: string, params?: unknown[]): Promise<PgResult>
}

/**
 * A notification received by a LISTENing node-postgres connection.
 *
 * @example
 * ```ts
 * import type { PgNotification } from 'seatguard/postgres'
 * const note: PgNotification = { channel: 'seatguard_changes', payload: '{}' }
 * ```
 */
export interface PgNotification {
  /** The channel the notification was sent on. */
  readonly channel: string
  /** The text sent with NOTIFY, if any. */
  readonly payload?: string | undefined
}

/**
 * A single node-postgres connection (`pg.Client`, or a client checked out of a pool).
 *
 * @example
 * ```ts
 * import type { PgConnection } from 'seatguard/postgres'
 * const channels: string[] = []
 * const onNote = (c: PgConnection): unknown => c.on('notification', (n) => channels.push(n.channel))
 * ```
 */
export interface PgConnection extends PgQueryable {
  /** Listens for NOTIFY messages on the channels this connection LISTENs to. */
  on(event: 'notification', listener: (message: PgNotification) => void): unknown
  /** Listens for a connection error. */
  on(event: 'error', listener: (err: Error) => void): unknown
  /** Listens for the connection ending. */
  on(event: 'end', listener: () => void): unknown
  /** Stops a notification listener. */
  removeListener(event: 'notification', listener: (message: PgNotification) => void): unknown
  /** Stops an error listener. */
  removeListener(event: 'error', listener: (err: Error) => void): unknown
  /** Stops an end listener. */
  removeListener(event: 'end', listener: () => void): unknown
}

/**
 * A connection checked out of a pool: `release(true)` destroys it instead of reusing it.
 *
 * @example
 * ```ts
 * import type { PgPoolConnection } from 'seatguard/postgres'
 * const done = (c: PgPoolConnection): void => c.release()
 * ```
 */
export interface PgPoolConnection extends PgConnection {
  /** Returns the connection to the pool; with an error or `true`, destroys it instead. */
  release(err?: Error | boolean): void
}

/**
 * A node-postgres `Pool`: recognised by `connect()` together with `totalCount`.
 *
 * @example
 * ```ts
 * import type { PgPool } from 'seatguard/postgres'
 * const busy = (pool: PgPool): number => pool.totalCount
 * ```
 */
export interface PgPool extends PgQueryable {
  /** Checks a connection out of the pool. */
  connect(): Promise<PgPoolConnection>
  /** How many connections the pool holds. */
  readonly totalCount: number
}

/**
 * A PGlite instance (embedded Postgres): recognised by `transaction()` and `listen()`.
 *
 * @example
 * ```ts
 * import type { PgliteLike } from 'seatguard/postgres'
 * const ping = (db: PgliteLike): Promise<unknown> => db.transaction((tx) => tx.query('SELECT 1'))
 * ```
 */
export interface PgliteLike extends PgQueryable {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: PgQueryable) => Promise<T>): Promise<T>
  /** LISTENs on a channel; resolves to the function that stops listening. */
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>
}

/**
 * Every client {@link createPostgresStore} accepts.
 *
 * @example
 * ```ts
 * import type { PostgresClient } from 'seatguard/postgres'
 * import { PGlite } from '@electric-sql/pglite'
 * const client: PostgresClient = new PGlite()
 * ```
 */
export type PostgresClient = PgPool | PgConnection | PgliteLike
