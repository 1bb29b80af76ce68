import { isObject, show } from '../_util.js'
import { ensureCatalogue } from '../catalogue/define.js'
import type { Catalogue } from '../catalogue/types.js'
import { reading, SeatguardError } from '../errors.js'
import { isStorableId, MAX_ID_LENGTH } from '../model/ids.js'
import type { PolicyStore } from '../store/types.js'
import { tenantHandle } from './_handle.js'
import { readAccessControlOptions } from './_options.js'
import { createAccessControl } from './create.js'
import type { AccessControl } from './types.js'

const DEFAULT_MAX_OPEN = 1000
const DEFAULT_IDLE_MS = 60_000

/**
 * What {@link createTenants} takes: the catalogue and store every tenant shares, and how many
 * tenants to keep open. A tenant is closed only when more than `maxOpen` are open, it is among
 * the least recently used, and it is idle: no call of it in flight and none for `idleMs`.
 *
 * @example
 * ```ts
 * import { conversations, createMemoryStore, type TenantsOptions } from 'seatguard'
 * const options: TenantsOptions = { catalogue: conversations, store: createMemoryStore(), maxOpen: 500, idleMs: 30_000 }
 * ```
 */
export interface TenantsOptions<TPermission extends string = string, TRole extends string = string> {
  /** The catalogue every tenant's roles are made for. */
  readonly catalogue: Catalogue<TPermission, TRole>
  /** The store every tenant is kept in; one store per pool, so all tenants share its listener and its poll. */
  readonly store: PolicyStore
  /** How many tenants to keep open before closing idle ones (a whole number ≥ 1, default 1000). */
  readonly maxOpen?: number | undefined
  /** How long after its last call a tenant counts as idle, in ms (default 60000). */
  readonly idleMs?: number | undefined
  /** Milliseconds between safety-net polls, as for createAccessControl (default 5000, 0 = never). */
  readonly pollInterval?: number | undefined
}

/**
 * The tenants of one store, opened on demand (R30). `get(id)` resolves to the tenant's
 * {@link AccessControl}; keep calling it per request (it is a map lookup once the tenant is
 * open). A handle kept after its tenant was closed for being idle opens the tenant again on
 * its next async call; its synchronous reads (`policy()`, `snapshotVersion()`, `status()`)
 * throw `store/unavailable` until then. A handle's own `close()` does nothing.
 *
 * @example
 * ```ts
 * import { conversations, createMemoryStore, createTenants } from 'seatguard'
 * const tenants = createTenants({ catalogue: conversations, store: createMemoryStore(), maxOpen: 100 })
 * const acme = await tenants.get('acme')
 * await acme.setUser({ id: 'ana', roles: ['agent'], seat: true })
 * const allowed = await acme.can('ana', 'conversations/my-work/transfer') // true
 * await tenants.close()
 * ```
 */
export interface Tenants<TPermission extends string = string> {
  /** The tenant's access control, opened on demand; concurrent calls for one tenant share one load. */
  get(tenant: string): Promise<AccessControl<TPermission>>
  /** How many tenants are open or opening. */
  readonly size: number
  /** Closes every tenant; later calls, of `get` and of any handle, reject with `store/unavailable`. */
  close(): Promise<void>
}

interface Options {
  readonly catalogue: Catalogue
  readonly store: PolicyStore
  readonly maxOpen: number
  readonly idleMs: number
  readonly pollInterval: number
}

function invalid(message: string): SeatguardError {
  return new SeatguardError('data/invalid', `createTenants: ${message}`)
}

function readTenantsOptions(options: TenantsOptions): Options {
  if (!isObject(options)) throw invalid('pass { catalogue, store }.')
  const { catalogue, store, maxOpen, idleMs, pollInterval } = reading('createTenants', () => ({
    catalogue: options.catalogue,
    store: options.store,
    maxOpen: options.maxOpen ?? DEFAULT_MAX_OPEN,
    idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
    pollInterval: options.pollInterval,
  }))
  if (!Number.isSafeInteger(maxOpen) || maxOpen < 1)
    throw invalid(`"maxOpen" must be a whole number ≥ 1, got ${show(maxOpen)}.`)
  if (typeof idleMs !== 'number' || !(idleMs >= 0) || !Number.isFinite(idleMs))
    throw invalid(`"idleMs" must be a finite number of milliseconds ≥ 0, got ${show(idleMs)}.`)
  // The service's own reader checks store and pollInterval; its refusal is reworded for this call.
  const checked = ensureCatalogue(catalogue)
  let read: ReturnType<typeof readAccessControlOptions>
  try {
    read = readAccessControlOptions({ catalogue: checked, store, tenant: 't', pollInterval })
  } catch (err) {
    throw err instanceof SeatguardError ? invalid(err.message.replace(/^createAccessControl: /, '')) : err
  }
  return { catalogue: read.catalogue, store: read.store, maxOpen, idleMs, pollInterval: read.pollInterval }
}

/** One tenant of the set: its service once open, and what eviction needs to know. */
interface Entry {
  readonly tenant: string
  readonly opening: Promise<AccessControl>
  ac: AccessControl | undefined
  /** Calls of this tenant under way (a get waiting for the load counts). */
  inFlight: number
  lastUsed: number
  /** Order of last use (a counter: calls within one millisecond still have an order). */
  recency: number
  readonly handle: AccessControl
}

class TenantSet implements Tenants {
  readonly #o: Options
  readonly #entries = new Map<string, Entry>()
  #closed = false
  #tick = 0

  constructor(options: Options) {
    this.#o = options
  }

  get size(): number {
    return this.#entries.size
  }

  async get(tenant: string): Promise<AccessControl> {
    return this.#use(tenant, async (_ac, entry) => entry.handle)
  }

  async close(): Promise<void> {
    this.#closed = true
    const entries = [...this.#entries.values()]
    this.#entries.clear()
    await Promise.all(
      entries.map((e) =>
        e.opening.then(
          (ac) => ac.close(),
          () => undefined,
        ),
      ),
    )
  }

  /** Runs `call` on the tenant's service, opening it when it is not open; the tenant is in use meanwhile. */
  async #use<T>(tenant: string, call: (ac: AccessControl, entry: Entry) => Promise<T>): Promise<T> {
    this.#refuseClosed()
    if (!isStorableId(tenant))
      throw invalid(
        `the tenant must be a non-empty string of at most ${MAX_ID_LENGTH} characters, without NUL characters or lone surrogates, got ${show(tenant)}.`,
      )
    let entry = this.#entries.get(tenant)
    const opened = entry === undefined
    entry ??= this.#open(tenant)
    entry.inFlight++
    this.#touch(entry)
    try {
      const ac = entry.ac ?? (await entry.opening)
      if (opened) this.#evict(entry)
      return await call(ac, entry)
    } finally {
      entry.inFlight--
      this.#touch(entry)
    }
  }

  #open(tenant: string): Entry {
    const { catalogue, store, pollInterval } = this.#o
    const opening = createAccessControl({ catalogue, store, tenant, pollInterval })
    const entry: Entry = {
      tenant,
      opening,
      ac: undefined,
      inFlight: 0,
      lastUsed: Date.now(),
      recency: ++this.#tick,
      handle: tenantHandle(
        tenant,
        (call) => this.#use(tenant, (ac) => call(ac)),
        () => this.#now(tenant),
      ),
    }
    this.#entries.set(tenant, entry)
    opening.then(
      (ac) => {
        entry.ac = ac
        // close() ran while it opened: it waits for this open, and closes it.
      },
      () => {
        // A failed open is not kept: the next get loads again.
        if (this.#entries.get(tenant) === entry) this.#entries.delete(tenant)
      },
    )
    return entry
  }

  /** The open service for a synchronous read, which cannot wait for a load. */
  #now(tenant: string): AccessControl {
    this.#refuseClosed()
    const entry = this.#entries.get(tenant)
    if (entry?.ac === undefined)
      throw new SeatguardError(
        'store/unavailable',
        `Tenant ${show(tenant)} was closed for being idle: any async call of this handle, or tenants.get(), opens it again.`,
      )
    this.#touch(entry)
    return entry.ac
  }

  #touch(entry: Entry): void {
    entry.lastUsed = Date.now()
    entry.recency = ++this.#tick
  }

  /** Past maxOpen, closes the least recently used idle tenants (never `keep`, the one just asked for). */
  #evict(keep: Entry): void {
    const { maxOpen, idleMs } = this.#o
    if (this.#entries.size <= maxOpen) return
    const now = Date.now()
    const idle: Entry[] = []
    for (const e of this.#entries.values())
      if (e !== keep && e.ac !== undefined && e.inFlight === 0 && now - e.lastUsed >= idleMs) idle.push(e)
    idle.sort((a, b) => a.recency - b.recency)
    for (const e of idle) {
      if (this.#entries.size <= maxOpen) return
      this.#entries.delete(e.tenant)
      void e.ac?.close().catch(() => undefined)
    }
  }

  #refuseClosed(): void {
    if (this.#closed)
      throw new SeatguardError('store/unavailable', 'These tenants are closed: create new ones with createTenants().')
  }
}

/**
 * Opens the tenants of one store on demand, for a process that serves many (R30): `get(id)`
 * loads a tenant the first time it is asked for (concurrent gets share one load; a failed
 * load is not kept) and keeps it following the store. Past `maxOpen` open tenants, it closes
 * the least recently used idle ones, never one with a call in flight or used within
 * `idleMs`, so `maxOpen` may be exceeded while that many are busy. All tenants share the
 * store's change feed and, on a store with `versions`, one safety-net poll per interval.
 * Bad options are `data/invalid`.
 *
 * @example
 * ```ts
 * import { conversations, createMemoryStore, createTenants } from 'seatguard'
 * const tenants = createTenants({ catalogue: conversations, store: createMemoryStore(), maxOpen: 1000, idleMs: 60_000 })
 * const ac = await tenants.get('acme') // per request: a map lookup once acme is open
 * const allowed = await ac.can('ana', 'conversations/allow-assignment') // false: ana is unknown
 * await tenants.close()
 * ```
 */
export function createTenants<TPermission extends string, TRole extends string>(
  options: TenantsOptions<TPermission, TRole>,
): Tenants<TPermission> {
  // R29: whatever the options throw while read (a revoked Proxy, a getter) is data/invalid.
  const read = reading('createTenants', () => readTenantsOptions(options as unknown as TenantsOptions))
  return new TenantSet(read) as unknown as Tenants<TPermission>
}
