import { SeatguardError } from '../errors.js'
import { SerialQueue } from '../store/_serial.js'
import type {
  PgConnection,
  PgliteLike,
  PgNotification,
  PgPool,
  PgPoolConnection,
  PgQueryable,
  PostgresClient,
} from './client.js'

export type Row = Record<string, unknown>

/** The one channel the store notifies on; a constant, so no SQL is ever built from input. */
export const CHANNEL = 'seatguard_changes'
const LISTEN = 'LISTEN seatguard_changes'
const UNLISTEN = 'UNLISTEN seatguard_changes'
/** Runs one parameterised statement inside the current transaction. */
export type Query = (text: string, params?: readonly unknown[]) => Promise<Row[]>

/** One way to talk to the database, whatever the client: transactions, plain queries, LISTEN. */
export interface Runner {
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>
  query(text: string, params?: readonly unknown[]): Promise<Row[]>
  /** Listens on a channel; `onResync` runs after a dropped connection came back. */
  listen(onPayload: (payload: string) => void, onResync: () => void): Promise<() => Promise<void>>
}

const run =
  (db: PgQueryable): Query =>
  async (text, params = []) =>
    (await db.query(text, [...params])).rows as Row[]

const isPglite = (c: PostgresClient): c is PgliteLike =>
  typeof (c as PgliteLike).transaction === 'function' && typeof (c as PgliteLike).listen === 'function'
const isPool = (c: PostgresClient): c is PgPool =>
  typeof (c as PgPool).connect === 'function' && typeof (c as PgPool).totalCount === 'number'

/**
 * Picks the runner for a client: a Pool checks out a connection per transaction; a Client
 * or PGlite is queued. Whatever the database throws reaches callers as a SeatguardError.
 */
export function runnerFor(client: PostgresClient): Runner {
  const inner = isPglite(client) ? pgliteRunner(client) : isPool(client) ? poolRunner(client) : connectionRunner(client)
  return {
    async transaction(work) {
      // What the caller's work throws comes back as it is; its statements' failures, and
      // BEGIN, COMMIT or a pool checkout failing, are the database's.
      let thrown: { readonly err: unknown } | undefined
      const guarded = async (query: Query): Promise<Awaited<ReturnType<typeof work>>> => {
        try {
          return await work((text, params) => query(text, params).catch(rethrowAsStoreError))
        } catch (err) {
          thrown = { err }
          throw err
        }
      }
      return inner.transaction(guarded).catch((err: unknown) => {
        if (thrown !== undefined && thrown.err === err) throw err
        return rethrowAsStoreError(err)
      })
    },
    query: (text, params) => inner.query(text, params).catch(rethrowAsStoreError),
    listen: (onPayload, onResync) => inner.listen(onPayload, onResync).catch(rethrowAsStoreError),
  }
}

/**
 * SPEC: every thrown error is a SeatguardError. A driver's error (a refused connection, a
 * failed statement) becomes `store/unavailable`, keeping it as `cause` and its SQLSTATE or
 * errno code in `context.driverCode` for retry logic; seatguard's own errors (a refused
 * write inside a transaction) pass through as they are.
 */
function rethrowAsStoreError(err: unknown): never {
  if (err instanceof SeatguardError) throw err
  const driverCode = (err as { code?: unknown } | null)?.code
  const message = err instanceof Error ? err.message : String(err)
  throw new SeatguardError(
    'store/unavailable',
    `PostgreSQL store: the database failed (${message}); check the connection and retry.`,
    {
      cause: err,
      context: typeof driverCode === 'string' ? { driverCode } : {},
    },
  )
}

/** Runs `work` between BEGIN and COMMIT; `onClean` runs once the connection is back outside a transaction. */
async function inTransaction<T>(db: PgQueryable, work: (query: Query) => Promise<T>, onClean?: () => void): Promise<T> {
  await db.query('BEGIN')
  try {
    const result = await work(run(db))
    await db.query('COMMIT')
    onClean?.()
    return result
  } catch (err) {
    await db.query('ROLLBACK').then(onClean, () => undefined)
    throw err
  }
}

function pgliteRunner(db: PgliteLike): Runner {
  const queue = new SerialQueue()
  return {
    transaction: (work) => queue.run('db', () => db.transaction((tx) => work(run(tx)))),
    query: (text, params) => queue.run('db', () => run(db)(text, params)),
    listen: (onPayload) => db.listen(CHANNEL, onPayload),
  }
}

/**
 * The turn-taking queue of one connection, shared by every store made on it: BEGIN and
 * COMMIT belong to the connection, so two stores interleaving there would mix transactions.
 */
const queues = new WeakMap<object, SerialQueue>()
const queueOf = (db: object): SerialQueue => {
  let queue = queues.get(db)
  if (queue === undefined) {
    queue = new SerialQueue()
    queues.set(db, queue)
  }
  return queue
}

/** A single connection: one statement stream, so transactions and queries take turns. */
function connectionRunner(db: PgConnection): Runner {
  const queue = queueOf(db)
  return {
    transaction: (work) => queue.run('db', () => inTransaction(db, work)),
    query: (text, params) => queue.run('db', () => run(db)(text, params)),
    async listen(onPayload) {
      const handler = (n: PgNotification): void => {
        if (n.channel === CHANNEL && n.payload !== undefined) onPayload(n.payload)
      }
      db.on('notification', handler)
      await queue.run('db', () => db.query(LISTEN))
      // No UNLISTEN on the way out: LISTEN belongs to the connection, and another store
      // sharing this client may still need it; dropping the handler is enough.
      return async () => void db.removeListener('notification', handler)
    },
  }
}

function poolRunner(pool: PgPool): Runner {
  return {
    async transaction(work) {
      const c = await pool.connect()
      // A refused write (a SeatguardError in `work`) rolls back cleanly: the connection goes
      // back to the pool. Only one whose BEGIN, COMMIT or ROLLBACK failed is destroyed.
      let clean = false
      try {
        return await inTransaction(c, work, () => {
          clean = true
        })
      } finally {
        c.release(clean ? undefined : true)
      }
    },
    query: (text, params) => run(pool)(text, params),
    listen(onPayload, onResync) {
      // LISTEN holds a connection for good: with a pool of one, every transaction would wait forever.
      const max = (pool as { options?: { max?: unknown } }).options?.max
      if (typeof max === 'number' && max < 2) {
        return Promise.reject(
          new SeatguardError(
            'data/invalid',
            `createPostgresStore: a Pool with max ${max} cannot hold the LISTEN connection and run transactions; give it max ≥ 2.`,
          ),
        )
      }
      return listenOnPool(pool, onPayload, onResync)
    },
  }
}

/**
 * Holds one pooled connection for LISTEN. When it drops, it reconnects with backoff
 * (0.1 s doubling to 5 s) and calls `onResync`, since notifications sent meanwhile are lost.
 */
async function listenOnPool(
  pool: PgPool,
  onPayload: (payload: string) => void,
  onResync: () => void,
): Promise<() => Promise<void>> {
  let closed = false
  let current: PgPoolConnection | undefined
  let delay = 100
  let timer: ReturnType<typeof setTimeout> | undefined

  const drop = (c: PgPoolConnection): void => {
    if (current !== c) return
    current = undefined
    try {
      c.release(true)
    } catch {
      // Already gone.
    }
    retry()
  }
  const retry = (): void => {
    if (closed || timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      void connect(true)
    }, delay)
    ;(timer as { unref?: () => void }).unref?.()
    delay = Math.min(delay * 2, 5000)
  }
  const connect = async (again: boolean): Promise<void> => {
    let c: PgPoolConnection | undefined
    try {
      c = await pool.connect()
      const conn = c
      conn.on('notification', (n: PgNotification) => {
        if (current === conn && n.channel === CHANNEL && n.payload !== undefined) onPayload(n.payload)
      })
      conn.on('error', () => drop(conn))
      conn.on('end', () => drop(conn))
      current = conn
      await conn.query(LISTEN)
      if (closed) return drop(conn)
      delay = 100
      if (again) onResync()
    } catch {
      if (c !== undefined && current === c) drop(c)
      else retry()
    }
  }

  await connect(false)
  return async () => {
    closed = true
    if (timer !== undefined) clearTimeout(timer)
    const c = current
    current = undefined
    if (c !== undefined) {
      await c.query(UNLISTEN).catch(() => undefined)
      c.release(true)
    }
  }
}
