import { SeatguardError } from '../errors.js'

/**
 * The calls of a store (or service) under way, so that close() can wait for them (R28): once
 * close() began, a new call is refused at once with `store/unavailable`, and close() resolves
 * when every call already accepted has settled, whether it resolved or rejected.
 */
export class InFlight {
  readonly #running = new Set<Promise<void>>()
  #closed = false

  /** @param what names the closed thing in the refusal ("This store", "This AccessControl"). */
  constructor(private readonly refusal: string) {}

  /** Whether close() began. */
  get closed(): boolean {
    return this.#closed
  }

  /** The refusal of a call made after close() began. */
  refuse(): SeatguardError {
    return new SeatguardError('store/unavailable', this.refusal)
  }

  /** Runs `task` and tracks it until it settles, or refuses it when close() began. */
  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(this.refuse())
    let result: Promise<T>
    try {
      result = task()
    } catch (err) {
      result = Promise.reject(err)
    }
    const settled = result.then(
      () => undefined,
      () => undefined,
    )
    this.#running.add(settled)
    void settled.then(() => this.#running.delete(settled))
    return result
  }

  /** Refuses new calls from now on; resolves once every call under way has settled. */
  async close(): Promise<void> {
    this.#closed = true
    while (this.#running.size > 0) await Promise.all([...this.#running])
  }
}
