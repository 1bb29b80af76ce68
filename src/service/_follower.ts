import type { Catalogue } from '../catalogue/types.js'
import { SeatguardError } from '../errors.js'
import type { PolicyStore, StoreEvent } from '../store/types.js'
import { Snapshot } from './_snapshot.js'

/** Audit entries read per round trip while catching up. */
const PAGE = 1000

/**
 * Keeps one tenant's {@link Snapshot} in step with the store: it subscribes to the store's
 * change feed (when the store has one), polls it every `pollInterval` ms as a safety net,
 * and moves the snapshot on by replaying audit entries, or by a full load when a replay
 * cannot apply. One catch-up runs at a time; a request during one makes it go round again.
 */
export class Follower {
  #snap: Snapshot | undefined
  #pulling: Promise<void> | undefined
  #again = false
  #timer: ReturnType<typeof setInterval> | undefined
  #unwatch: (() => Promise<void>) | undefined
  /** A change of this tenant was announced before the first snapshot was set. */
  #early = false

  constructor(
    private readonly catalogue: Catalogue,
    private readonly store: PolicyStore,
    private readonly tenant: string,
  ) {}

  /** Subscribes, loads the first snapshot, starts polling; on a failed load, unsubscribes and rethrows. */
  async start(pollInterval: number): Promise<void> {
    // Subscribe before loading, so no change falls between the load and the feed.
    if (typeof this.store.watch === 'function') this.#unwatch = await this.store.watch((event) => this.#onEvent(event))
    try {
      this.#snap = new Snapshot(this.catalogue, await this.store.load(this.tenant))
    } catch (err) {
      await this.stop()
      throw err
    }
    // The load may have read the tenant just before a change it was told about: catch up.
    if (this.#early) void this.pull().catch(() => undefined)
    if (pollInterval > 0) {
      this.#timer = setInterval(() => void this.pull().catch(() => undefined), pollInterval)
      ;(this.#timer as { unref?: () => void }).unref?.()
    }
  }

  /** The snapshot, once the first load is done. */
  get snapshot(): Snapshot {
    if (this.#snap === undefined)
      throw new SeatguardError('data/invalid', 'AccessControl is not ready: await createAccessControl().')
    return this.#snap
  }

  /** The snapshot, or `undefined` before the first load. */
  get current(): Snapshot | undefined {
    return this.#snap
  }

  /** Stops polling, unsubscribes from the change feed and waits for a catch-up under way (R28). */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    const unwatch = this.#unwatch
    this.#unwatch = undefined
    await unwatch?.()
    await this.#pulling?.catch(() => undefined)
  }

  /** One catch-up at a time; a request during a run makes it go round once more. */
  pull(): Promise<void> {
    if (this.#pulling !== undefined) {
      this.#again = true
      return this.#pulling
    }
    this.#pulling = (async () => {
      try {
        do {
          this.#again = false
          await this.#catchUp()
        } while (this.#again)
      } finally {
        this.#pulling = undefined
      }
    })()
    return this.#pulling
  }

  /** Replaces the snapshot with a full load, unless the load is older than what it holds. */
  async reload(): Promise<void> {
    const state = await this.store.load(this.tenant)
    if (state.version >= this.snapshot.version) this.#snap = new Snapshot(this.catalogue, state)
  }

  #onEvent(event: StoreEvent): void {
    if (this.#snap === undefined) {
      this.#early ||= event.type === 'resync' || event.tenant === this.tenant
      return
    }
    if (event.type === 'resync' || (event.tenant === this.tenant && event.version > this.#snap.version))
      void this.pull().catch(() => undefined)
  }

  async #catchUp(): Promise<void> {
    for (;;) {
      const entries = await this.store.audit(this.tenant, { after: this.snapshot.version, limit: PAGE })
      if (entries.length === 0) return
      if (!this.snapshot.apply(entries)) return this.reload()
      if (entries.length < PAGE) return
    }
  }
}
