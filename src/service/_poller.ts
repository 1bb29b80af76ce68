import type { PolicyStore } from '../store/types.js'

/** A tenant the shared poll watches: how far its snapshot is, and what to do with the answer. */
export interface PollMember {
  readonly tenant: string
  /** Milliseconds between polls this member asked for (> 0). */
  readonly interval: number
  /** The snapshot's version now. */
  version(): number
  /** The store is ahead (or said something unreadable): catch up. */
  behind(): void
  /** The store holds nothing newer than the snapshot, as of the poll's start. */
  inStep(at: number): void
  /** The poll itself failed. */
  failed(err: unknown): void
}

/**
 * One safety-net poll for every tenant followed on a store with `versions` (R30): each
 * interval, one `versions` call lists the followed tenants; only the ones behind catch up.
 * It runs at the smallest interval any member asked for. A round still running when the
 * next is due is not stacked on: that tick is skipped.
 */
class Poller {
  readonly #members = new Set<PollMember>()
  #timer: ReturnType<typeof setInterval> | undefined
  #every = 0
  #running = false

  constructor(
    private readonly store: PolicyStore & Required<Pick<PolicyStore, 'versions'>>,
    private readonly onEmpty: () => void,
  ) {}

  add(member: PollMember): void {
    this.#members.add(member)
    this.#schedule()
  }

  delete(member: PollMember): void {
    this.#members.delete(member)
    if (this.#members.size === 0) this.onEmpty()
    this.#schedule()
  }

  /** (Re)starts the timer when the smallest interval changed; stops it when nobody is left. */
  #schedule(): void {
    let every = 0
    for (const m of this.#members) if (every === 0 || m.interval < every) every = m.interval
    if (every === this.#every) return
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    this.#every = every
    if (every === 0) return
    this.#timer = setInterval(() => void this.#poll(true), every)
    ;(this.#timer as { unref?: () => void }).unref?.()
  }

  /**
   * One round; a failed round started by the timer goes again at once (R27): the connection
   * that failed (a deadline passed on a silent one) is gone, and waiting for the next tick
   * would leave the snapshot behind for a poll interval more than the bound.
   */
  async #poll(retry: boolean): Promise<void> {
    if (this.#running) return
    this.#running = true
    const members = [...this.#members]
    const at = Date.now()
    try {
      const found: unknown = await this.store.versions([...new Set(members.map((m) => m.tenant))])
      for (const m of members) {
        if (!this.#members.has(m)) continue
        // An answer that is no Map, or no whole number for a tenant: that tenant reads its audit log.
        const version: unknown = found instanceof Map ? (found.get(m.tenant) ?? 0) : undefined
        if (typeof version === 'number' && Number.isSafeInteger(version) && version <= m.version()) m.inStep(at)
        else m.behind()
      }
    } catch (err) {
      for (const m of members) if (this.#members.has(m)) m.failed(err)
      this.#running = false
      if (retry && this.#members.size > 0) void this.#poll(false)
    } finally {
      this.#running = false
    }
  }
}

const pollers = new WeakMap<PolicyStore, Poller>()

/**
 * Puts a member in its store's shared poll; resolves nothing, returns the function that takes
 * it out. `undefined` when the store has no `versions`: the caller polls on its own.
 */
export function joinPoll(store: PolicyStore, member: PollMember): (() => void) | undefined {
  if (typeof store.versions !== 'function') return undefined
  let poller = pollers.get(store)
  if (poller === undefined) {
    const created = new Poller(store as PolicyStore & Required<Pick<PolicyStore, 'versions'>>, () => {
      if (pollers.get(store) === created) pollers.delete(store)
    })
    poller = created
    pollers.set(store, poller)
  }
  const joined = poller
  joined.add(member)
  return () => joined.delete(member)
}
