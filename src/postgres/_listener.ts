import { checkout, type Held } from './_pool.js'
import type { PgNotification, PgPool } from './client.js'

/** The one channel the store notifies on; a constant, so no SQL is ever built from input. */
export const CHANNEL = 'seatguard_changes'
const LISTEN = 'LISTEN seatguard_changes'

/** One store's interest in the change feed. */
export interface Subscriber {
  onPayload(payload: string): void
  /** After a dropped connection came back: notifications sent meanwhile are lost. */
  onResync(): void
}

/**
 * The LISTEN connection of one pool, shared by every store made on that pool and counted
 * by subscriber: N stores hold one connection, not N (R30), and the last one to stop
 * releases it. When it drops, it reconnects with backoff (0.1 s doubling to 5 s) and tells
 * every subscriber to resync.
 */
class PoolListener {
  readonly subscribers = new Set<Subscriber>()
  readonly started: Promise<void>
  #closed = false
  #current: Held | undefined
  #delay = 100
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly pool: PgPool,
    private readonly deadline: number,
  ) {
    this.started = this.#connect(false)
  }

  /** Connects and LISTENs; the first attempt rejects on failure, later ones retry. */
  async #connect(again: boolean): Promise<void> {
    let held: Held | undefined
    try {
      held = await checkout(this.pool, this.deadline)
      const h = held
      const onNote = (n: PgNotification): void => {
        if (this.#current !== h || n.channel !== CHANNEL || n.payload === undefined) return
        for (const s of this.subscribers) s.onPayload(n.payload)
      }
      const onGone = (): void => this.#drop(h)
      h.conn.on('notification', onNote)
      h.conn.on('error', onGone)
      h.conn.on('end', onGone)
      this.#detach = (): void => {
        h.conn.removeListener('notification', onNote)
        h.conn.removeListener('error', onGone)
        h.conn.removeListener('end', onGone)
      }
      this.#current = h
      await h.query(LISTEN)
      if (this.#closed) return this.#drop(h)
      this.#delay = 100
      if (again) for (const s of this.subscribers) s.onResync()
    } catch (err) {
      // A connection that failed or stopped while its LISTEN was under way was dropped (and
      // released) then; one still current is dropped now. Never release it a second time.
      if (held !== undefined) this.#drop(held, !again)
      if (!again) throw err
      this.#retry()
    }
  }

  #detach: () => void = () => undefined

  #drop(h: Held, quiet = false): void {
    if (this.#current !== h) return
    this.#current = undefined
    this.#detach()
    h.release(false)
    if (!quiet) this.#retry()
  }

  #retry(): void {
    if (this.#closed || this.#timer !== undefined) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      // A reconnect never rejects (it retries); this catch keeps a bug there from ending the process.
      this.#connect(true).catch(() => this.#retry())
    }, this.#delay)
    ;(this.#timer as { unref?: () => void }).unref?.()
    this.#delay = Math.min(this.#delay * 2, 5000)
  }

  /** Stops for good: the connection is destroyed (a LISTENing one is no use to the pool). */
  stop(): void {
    this.#closed = true
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    const h = this.#current
    if (h !== undefined) this.#drop(h, true)
  }
}

const listeners = new WeakMap<PgPool, PoolListener>()

/** Subscribes to the pool's shared LISTEN connection, opening it for the first subscriber. */
export async function listenOnPool(
  pool: PgPool,
  deadline: number,
  subscriber: Subscriber,
): Promise<() => Promise<void>> {
  let listener = listeners.get(pool)
  if (listener === undefined) {
    listener = new PoolListener(pool, deadline)
    listeners.set(pool, listener)
  }
  const l = listener
  l.subscribers.add(subscriber)
  const leave = (): void => {
    l.subscribers.delete(subscriber)
    if (l.subscribers.size > 0) return
    if (listeners.get(pool) === l) listeners.delete(pool)
    l.stop()
  }
  try {
    await l.started
  } catch (err) {
    leave()
    throw err
  }
  let left = false
  return async () => {
    if (left) return
    left = true
    leave()
  }
}
