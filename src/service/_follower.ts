import type { Catalogue } from '../catalogue/types.js'
import { SeatguardError } from '../errors.js'
import type { PolicyStore, StoreEvent } from '../store/types.js'
import { joinPoll } from './_poller.js'
import { Snapshot } from './_snapshot.js'
import type { SyncStatus } from './types.js'

/** Audit entries read per round trip while catching up. */
const PAGE = 1000

/** A caller of pull(): the number of its request, and how to settle its promise. */
interface Waiter {
  readonly ticket: number
  readonly resolve: () => void
  readonly reject: (err: unknown) => void
}

/**
 * Keeps one tenant's {@link Snapshot} in step with the store: it subscribes to the store's
 * change feed (when the store has one), polls it every `pollInterval` ms as a safety net
 * (in the store's shared poll when the store has `versions`, R30), and moves the snapshot on
 * by replaying audit entries, or by a full load when a replay cannot apply.
 *
 * One catch-up runs at a time. A request waits only for the first catch-up whose reads all
 * started after it was made (so `refresh()` sees every commit made before it was called),
 * never for rounds asked for later; when a catch-up fails, every request waiting rejects with
 * its error at once, and the next poll tries again (R27).
 */
export class Follower {
  #snap: Snapshot | undefined
  #timer: ReturnType<typeof setInterval> | undefined
  #unwatch: (() => Promise<void>) | undefined
  #leavePoll: (() => void) | undefined
  /** A change of this tenant was announced before the first snapshot was set. */
  #early = false
  /** Requests made so far, and the ones not settled yet. */
  #asked = 0
  #waiters: Waiter[] = []
  #running = false
  /** The catch-up loop last started, for stop() to wait on (R28). */
  #loop: Promise<void> | undefined
  /** The last request a read of the running catch-up started after. */
  #covers = 0
  /** When the snapshot was last known in step with the store, and why the last catch-up failed. */
  #syncedAt = 0
  #error: { readonly cause: unknown } | undefined
  /** No success for longer than this (ms, 0 = never) makes the snapshot stale. */
  #staleAfter = 0
  /** This service's own writes in flight, and the highest version the feed announced meanwhile. */
  #writes = 0
  #announced = 0
  #stopped = false

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
      const at = Date.now()
      this.#snap = new Snapshot(this.catalogue, await this.store.load(this.tenant))
      this.#syncedAt = at
    } catch (err) {
      await this.stop()
      throw err
    }
    // The load may have read the tenant just before a change it was told about: catch up.
    if (this.#early) void this.pull().catch(() => undefined)
    if (pollInterval > 0) this.#poll(pollInterval)
  }

  /** Whether the snapshot may be behind the store, and why (R27). */
  status(): SyncStatus {
    const version = this.snapshot.version
    const syncedAt = this.#syncedAt
    const late = this.#staleAfter > 0 && Date.now() - syncedAt > this.#staleAfter
    if (this.#error !== undefined) return { version, syncedAt, stale: true, error: this.#error.cause }
    return { version, syncedAt, stale: late }
  }

  /** Joins the store's shared poll, or polls alone when the store cannot list versions. */
  #poll(pollInterval: number): void {
    this.#staleAfter = 2 * pollInterval
    this.#leavePoll = joinPoll(this.store, {
      tenant: this.tenant,
      interval: pollInterval,
      version: () => this.snapshot.version,
      behind: () => void this.pull().catch(() => undefined),
      inStep: (at) => this.#inStep(at),
      failed: (err) => {
        this.#error = { cause: err }
      },
    })
    if (this.#leavePoll !== undefined) return
    this.#timer = setInterval(() => void this.pull().catch(() => undefined), pollInterval)
    ;(this.#timer as { unref?: () => void }).unref?.()
  }

  /**
   * A catch-up after one of this service's committed writes failed (R26): the write resolves, and
   * the snapshot, still whole at its version, is stale with `cause` until a catch-up succeeds.
   */
  behind(cause: unknown): void {
    this.#error = { cause }
  }

  #inStep(at: number): void {
    if (at > this.#syncedAt) this.#syncedAt = at
    this.#error = undefined
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

  /**
   * Marks a write of this service in flight until the returned function is called. A change the
   * feed announces meanwhile is most likely that write's own commit, whose entries the write
   * applies itself (a batch of 1,000 users would otherwise be read back at once, R38), so its
   * catch-up waits until the write is done and runs only if the snapshot is still behind then.
   */
  writing(): () => void {
    this.#writes++
    let done = false
    return () => {
      if (done) return
      done = true
      if (--this.#writes > 0) return
      const announced = this.#announced
      this.#announced = 0
      if (!this.#stopped && this.#snap !== undefined && announced > this.#snap.version)
        void this.pull().catch(() => undefined)
    }
  }

  /** Stops polling, unsubscribes from the change feed and waits for a catch-up under way (R28). */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    this.#leavePoll?.()
    this.#leavePoll = undefined
    const unwatch = this.#unwatch
    this.#unwatch = undefined
    await unwatch?.()
    await this.#loop?.catch(() => undefined)
  }

  /** Resolves once a catch-up whose reads all started after this call succeeded; rejects when one fails. */
  pull(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ ticket: ++this.#asked, resolve, reject })
      if (!this.#running) this.#loop = this.#run()
    })
  }

  /** Runs catch-ups while requests wait; each settles the requests its reads cover. */
  async #run(): Promise<void> {
    this.#running = true
    try {
      while (this.#waiters.length > 0) {
        const at = Date.now()
        try {
          await this.#catchUp()
        } catch (err) {
          // The store failed just now: another round would most likely fail too. Polls retry.
          this.#error = { cause: err }
          for (const w of this.#waiters.splice(0)) w.reject(err)
          continue
        }
        this.#inStep(at)
        const covered = this.#waiters.filter((w) => w.ticket <= this.#covers)
        this.#waiters = this.#waiters.filter((w) => w.ticket > this.#covers)
        for (const w of covered) w.resolve()
      }
    } finally {
      this.#running = false
    }
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
    if (event.type === 'change' && event.tenant === this.tenant && this.#writes > 0) {
      this.#announced = Math.max(this.#announced, event.version)
      return
    }
    if (event.type === 'resync' || (event.tenant === this.tenant && event.version > this.#snap.version))
      void this.pull().catch(() => undefined)
  }

  async #catchUp(): Promise<void> {
    for (;;) {
      // Every request made before this read is answered by it.
      this.#covers = this.#asked
      const entries = await this.store.audit(this.tenant, { after: this.snapshot.version, limit: PAGE })
      if (entries.length === 0) return
      if (!this.snapshot.apply(entries)) {
        this.#covers = this.#asked
        return this.reload()
      }
      if (entries.length < PAGE) return
    }
  }
}
