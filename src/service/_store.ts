import { reading } from '../errors.js'
import { storeError } from '../store/_store-error.js'
import type { PolicyStore, StoreTransaction } from '../store/types.js'

const storeFailed = (message: string): string => `The store failed: ${message}`

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    throw storeError(err, storeFailed)
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
