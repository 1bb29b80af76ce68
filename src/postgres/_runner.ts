import { SeatguardError } from '../errors.js'
import { SerialQueue } from '../store/_serial.js'
import { toStoreError, withDeadline } from './_fail.js'
import { CHANNEL, listenOnPool } from './_listener.js'
import { checkout } from './_pool.js'
import type { PgConnection, PgliteLike, PgNotification, PgPool, PgQueryable, PostgresClient } from './client.js'

export { CHANNEL } from './_listener.js'

export type Row = Record<string, unknown>

const LISTEN = 'LISTEN seatguard_changes'
/** Runs one parameterised statement inside the current transaction. */
export type Query = (text: string, params?: readonly unknown[]) => Promise<Row[]>

/** One way to talk to the database, whatever the client: transactions, plain queries, LISTEN. */
export interface Runner {
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>
  query(text: string, params?: readonly unknown[]): Promise<Row[]>
  /** Listens on a channel; `onResync` runs after a dropped connection came back. */
  listen(onPayload: (payload: string) => void, onResync: () => void): Promise<() => Promise<void>>
}

const isPglite = (c: PostgresClient): c is PgliteLike =>
  typeof (c as PgliteLike).transaction === 'function' && typeof (c as PgliteLike).listen === 'function'
const isPool = (c: PostgresClient): c is PgPool =>
  typeof (c as PgPool).connect === 'function' && typeof (c as PgPool).totalCount === 'number'

/**
 * Picks the runner for a client: a Pool checks out a connection per call; a Client or PGlite
 * is queued. Every database call has `deadline` ms to answer; whatever the database throws
 * reaches callers as a SeatguardError.
 */
export function runnerFor(client: PostgresClient, deadline: number): Runner {
  const inner = isPglite(client)
    ? pgliteRunner(client, deadline)
    : isPool(client)
      ? poolRunner(client, deadline)
      : connectionRunner(client, deadline)
  return {
    async transaction(work) {
      // What the caller's work throws comes back as it is; its statements' failures, and
      // BEGIN, COMMIT or a pool checkout failing, are the database's.
      let thrown: { readonly err: unknown } | undefined
      const guarded = async (query: Query): Promise<Awaited<ReturnType<typeof work>>> => {
        try {
          return await work((text, params) => query(text, params).catch(rethrow))
        } catch (err) {
          thrown = { err }
          throw err
        }
      }
      return inner.transaction(guarded).catch((err: unknown) => {
        if (thrown !== undefined && thrown.err === err) throw err
        return rethrow(err)
      })
    },
    query: (text, params) => inner.query(text, params).catch(rethrow),
    listen: (onPayload, onResync) => inner.listen(onPayload, onResync).catch(rethrow),
  }
}

function rethrow(err: unknown): never {
  throw toStoreError(err)
}

function pgliteRunner(db: PgliteLike, deadline: number): Runner {
  const queue = new SerialQueue()
  const bounded =
    (db: PgQueryable): Query =>
    async (text, params = []) =>
      (await withDeadline(db.query(text, [...params]), deadline, 'a statement')).rows as Row[]
  return {
    // PGlite runs in this process and cannot be cut off: a call past its deadline rejects,
    // and the queue moves on, while PGlite finishes the call in its own time. A transaction
    // given up before it began still begins later: it then throws before the work, so it
    // rolls back instead of committing a write its caller was told had failed.
    transaction: (work) =>
      queue.run('db', () => {
        let abandoned = false
        let begun: () => void = () => undefined
        const opening = new Promise<void>((resolve) => (begun = resolve))
        const running = db.transaction(async (tx) => {
          if (abandoned) throw new Error('given up at the BEGIN deadline')
          begun()
          return work(bounded(tx))
        })
        return Promise.race([
          running,
          withDeadline(opening, deadline, 'BEGIN', () => {
            abandoned = true
          }).then(() => new Promise<never>(() => undefined)),
        ])
      }),
    query: (text, params) => queue.run('db', () => bounded(db)(text, params)),
    listen: (onPayload) => {
      const listening = db.listen(CHANNEL, onPayload)
      // One that answers after its deadline was given up: its listener comes off at once.
      return withDeadline(listening, deadline, 'LISTEN', () => {
        listening.then((unlisten) => unlisten()).catch(() => undefined)
      })
    },
  }
}

/**
 * The turn-taking line of one connection, shared by every store made on it: BEGIN and COMMIT
 * belong to the connection, so two stores interleaving there would mix transactions. `silent`
 * is set while a statement that passed its deadline has not answered yet.
 */
interface Line {
  readonly queue: SerialQueue
  silent: boolean
}
const lines = new WeakMap<object, Line>()
const lineOf = (db: object): Line => {
  let line = lines.get(db)
  if (line === undefined) {
    line = { queue: new SerialQueue(), silent: false }
    lines.set(db, line)
  }
  return line
}

const silentError = (deadline: number): SeatguardError =>
  new SeatguardError(
    'store/unavailable',
    'PostgreSQL store: the connection has not answered since a statement passed its deadline; check the database and retry.',
    { context: { deadline } },
  )

/**
 * A single connection: one statement stream, so transactions and queries take turns. It is
 * the application's, so seatguard never closes it: a statement past its deadline rejects,
 * and node-postgres keeps the ones queued after it (ROLLBACK included) in order behind it.
 * A call's deadline starts when it is called, not when its turn comes: one still waiting for
 * its turn at the deadline rejects then and, when the turn comes, sends nothing. While a
 * statement that passed its deadline has not answered, every call fails at once.
 */
function connectionRunner(db: PgConnection, deadline: number): Runner {
  const line = lineOf(db)
  const statement = (text: string, params: readonly unknown[], ms: number): Promise<Row[]> => {
    const sent = db.query(text, [...params])
    return withDeadline(
      sent,
      ms,
      'a statement',
      () => {
        line.silent = true
        const answered = (): void => {
          line.silent = false
        }
        sent.then(answered, answered)
      },
      deadline,
    ).then((result) => result.rows as Row[])
  }
  // While seatguard uses the connection, an error event on it is seen (so it cannot end the
  // process unheard) and lends its code to the rejection that follows.
  const call = <T>(what: string, task: (run: Query) => Promise<T>): Promise<T> => {
    const until = Date.now() + deadline
    let abandoned = false
    let begun: () => void = () => undefined
    const opening = new Promise<void>((resolve) => (begun = resolve))
    const turn = line.queue.run('db', async () => {
      if (abandoned) return undefined as T
      begun()
      if (line.silent) throw silentError(deadline)
      let failed: unknown
      const onError = (err: unknown): void => {
        failed ??= err
      }
      db.on('error', onError)
      // The first statement has what is left of the call's deadline; each later one a whole deadline.
      let ms = Math.max(1, until - Date.now())
      try {
        return await task(async (text, params = []) => {
          if (line.silent) throw silentError(deadline)
          const within = ms
          ms = deadline
          try {
            return await statement(text, params, within)
          } catch (err) {
            throw toStoreError(err, failed)
          }
        })
      } finally {
        db.removeListener('error', onError)
      }
    })
    // Only the wait for the turn is cut short here: a transaction under way is bounded by its
    // statements' deadlines, so it never resolves after its caller was told it failed.
    const waiting = withDeadline(opening, deadline, what, () => {
      abandoned = true
    })
    return Promise.race([turn, waiting.then(() => new Promise<never>(() => undefined))])
  }
  return {
    transaction: (work) =>
      call('waiting for the connection (a transaction)', async (run) => {
        await run('BEGIN')
        try {
          const result = await work(run)
          await run('COMMIT')
          return result
        } catch (err) {
          // Sent even to a silent connection, where it runs in turn after the statement it
          // waits behind; awaited only on one that answers.
          const rollback = db.query('ROLLBACK').then(
            () => undefined,
            () => undefined,
          )
          if (!line.silent) await withDeadline(rollback, deadline, 'ROLLBACK').catch(() => undefined)
          throw err
        }
      }),
    query: (text, params) => call('waiting for the connection (a query)', (run) => run(text, params)),
    async listen(onPayload) {
      const handler = (n: PgNotification): void => {
        if (n.channel === CHANNEL && n.payload !== undefined) onPayload(n.payload)
      }
      const onError = (): void => undefined
      db.on('notification', handler)
      db.on('error', onError)
      try {
        await call('waiting for the connection (LISTEN)', (run) => run(LISTEN))
      } catch (err) {
        db.removeListener('notification', handler)
        db.removeListener('error', onError)
        throw err
      }
      // No UNLISTEN on the way out: LISTEN belongs to the connection, and another store
      // sharing this client may still need it; dropping the handlers is enough.
      return async () => {
        db.removeListener('notification', handler)
        db.removeListener('error', onError)
      }
    },
  }
}

function poolRunner(pool: PgPool, deadline: number): Runner {
  return {
    async transaction(work) {
      const held = await checkout(pool, deadline)
      // A refused write (a SeatguardError in `work`) or a failed statement rolls back: the
      // connection goes back to the pool. One that failed, went silent or could not roll
      // back is destroyed, and no ROLLBACK is sent on a connection known to be dead.
      let reusable = false
      try {
        await held.query('BEGIN')
        const result = await work((text, params) => held.query(text, params))
        await held.query('COMMIT')
        reusable = true
        return result
      } catch (err) {
        if (held.failed === undefined && !held.expired) {
          reusable = await held.query('ROLLBACK').then(
            () => true,
            () => false,
          )
        }
        throw err
      } finally {
        held.release(reusable)
      }
    },
    async query(text, params) {
      // A checked-out connection, not pool.query: one that goes silent can then be destroyed.
      // The checkout and the statement share one deadline.
      const until = Date.now() + deadline
      const held = await checkout(pool, deadline, until)
      let reusable = false
      try {
        const rows = await held.query(text, params, until)
        reusable = true
        return rows
      } finally {
        held.release(reusable)
      }
    },
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
      return listenOnPool(pool, deadline, { onPayload, onResync })
    },
  }
}
