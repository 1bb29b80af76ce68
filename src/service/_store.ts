import { reading, SeatguardError } from '../errors.js'
import type { PolicyStore, StoreTransaction } from '../store/types.js'

/**
 * What the service makes of an error a store throws: a SeatguardError passes as it is; any
 * other error (a third-party adapter's, or its driver's) is `store/unavailable` with it as
 * `cause`, so every error the service throws is a SeatguardError.
 */
export function storeError(err: unknown): SeatguardError {
  if (err instanceof SeatguardError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new SeatguardError('store/unavailable', `The store failed: ${message}`, { cause: err })
}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    throw storeError(err)
  }
}

/**
 * The store as the service calls it: its methods read once (a store given as a Proxy or with
 * getters cannot change them later), a synchronous throw turned into a rejection, and every
 * error a {@link SeatguardError} (see {@link storeError}). `watch` and `close` stay optional.
 */
export function guardStore(store: PolicyStore): PolicyStore {
  // One wrapper per store: the services of one store share its poll (R30), found by identity.
  let out = wrappers.get(store)
  if (out === undefined) {
    out = wrap(store)
    wrappers.set(store, out)
  }
  return out
}

const wrappers = new WeakMap<PolicyStore, PolicyStore>()

function wrap(store: PolicyStore): PolicyStore {
  return reading('createAccessControl: "store"', () => {
    const { load, audit, transaction, watch, versions, close } = store
    const out: PolicyStore = {
      load: (tenant) => guarded(() => load.call(store, tenant)),
      audit: (tenant, query) => guarded(() => audit.call(store, tenant, query)),
      transaction: <T>(tenant: string, work: (tx: StoreTransaction) => Promise<T>) =>
        guarded(() => transaction.call(store, tenant, work) as Promise<T>),
    }
    if (typeof watch === 'function') {
      out.watch = (listener) =>
        guarded(async () => {
          const unwatch = await watch.call(store, listener)
          return () => guarded(async () => unwatch())
        })
    }
    if (typeof versions === 'function') out.versions = (tenants) => guarded(() => versions.call(store, tenants))
    if (typeof close === 'function') out.close = () => guarded(() => close.call(store))
    return out
  })
}
