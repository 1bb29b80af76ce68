import { toStoreError, withDeadline } from './_fail.js'
import type { PgPool, PgPoolConnection } from './client.js'

type Row = Record<string, unknown>

/**
 * A connection seatguard holds, with an 'error' listener for as long as it holds it: an error
 * event while it is out of the pool (a terminated backend, a reset socket) would otherwise
 * end the process, since node-postgres takes its own listener off a checked-out client.
 */
export class Held {
  /** What the connection's 'error' event carried, if it fired: the connection is dead. */
  failed: unknown
  /** A statement passed its deadline: the connection may be silent, never reuse it. */
  expired = false
  #released = false
  readonly #onError = (err: unknown): void => {
    this.failed ??= err
  }

  constructor(
    readonly conn: PgPoolConnection,
    private readonly deadline: number,
    private readonly health: PoolHealth,
  ) {
    conn.on('error', this.#onError)
  }

  /** Runs one statement within the deadline (or what is left of `until`); a dead connection fails at once. */
  async query(text: string, params: readonly unknown[] = [], until?: number): Promise<Row[]> {
    if (this.failed !== undefined || this.expired) throw toStoreError(this.failed ?? new Error('connection given up'))
    const started = Date.now()
    const ms = until === undefined ? this.deadline : Math.max(1, until - started)
    try {
      const result = await withDeadline(
        this.conn.query(text, [...params]),
        ms,
        `a statement (${verb(text)})`,
        () => {
          this.expired = true
          this.health.suspectBefore = started
        },
        this.deadline,
      )
      this.health.answered.set(this.conn, Date.now())
      return result.rows as Row[]
    } catch (err) {
      throw toStoreError(err, this.failed)
    }
  }

  /**
   * Gives the connection back: to the pool when it is sound and `reusable`, destroyed otherwise.
   * Only the first call does: pg-pool throws on a second release of one client.
   */
  release(reusable: boolean): void {
    if (this.#released) return
    this.#released = true
    this.conn.removeListener('error', this.#onError)
    const sound = reusable && this.failed === undefined && !this.expired
    this.conn.release(sound ? undefined : this.failed instanceof Error ? this.failed : true)
  }
}

/** The first word of a statement, for messages: never a parameter. */
const verb = (text: string): string => text.trimStart().split(/\s/, 1)[0] ?? 'SQL'

/**
 * What the store knows of a pool's connections: when each last answered, and since when
 * idle ones are suspect. Once one connection went silent, the others idle since before then
 * likely sit on the same dead network path, so a checkout destroys them rather than wait a
 * deadline on each in turn.
 */
interface PoolHealth {
  suspectBefore: number
  readonly answered: WeakMap<object, number>
}
const health = new WeakMap<PgPool, PoolHealth>()
const healthOf = (pool: PgPool): PoolHealth => {
  let h = health.get(pool)
  if (h === undefined) {
    h = { suspectBefore: 0, answered: new WeakMap() }
    health.set(pool, h)
  }
  return h
}

/**
 * Checks a connection out within the deadline (or `until`). A pool that cannot hand one over
 * in time (every connection busy, the server unreachable) fails with `store/unavailable`;
 * a connection it hands over after that goes straight back.
 */
export async function checkout(pool: PgPool, deadline: number, until = Date.now() + deadline): Promise<Held> {
  const h = healthOf(pool)
  for (;;) {
    const connecting = pool.connect()
    const conn = await withDeadline(
      connecting,
      Math.max(1, until - Date.now()),
      'checking out a pooled connection',
      () => {
        connecting.then(
          (late) => late.release(),
          () => undefined,
        )
      },
      deadline,
    ).catch((err: unknown) => {
      throw toStoreError(err)
    })
    const last = h.answered.get(conn)
    if (last === undefined || last >= h.suspectBefore || Date.now() >= until) return new Held(conn, deadline, h)
    conn.release(true)
  }
}
