import { show } from '../_util.js'
import { SeatguardError } from '../errors.js'
import { isStorableId } from '../model/ids.js'

/**
 * R29 at a store's entries: the tenant of every call is a string, and what a caller hands in
 * to be called (a transaction's work, a listener) is a function; else `data/invalid`, before
 * anything is read or written.
 */
export function checkEntry(what: string, tenant: unknown, ...fns: unknown[]): void {
  if (typeof tenant !== 'string')
    throw new SeatguardError('data/invalid', `${what}: the tenant must be a string, got ${show(tenant)}.`)
  for (const fn of fns)
    if (typeof fn !== 'function')
      throw new SeatguardError('data/invalid', `${what}: pass a function as the work, got ${show(fn)}.`)
}

/** The same for a store's watch(): the listener must be a function. */
export function checkListener(listener: unknown): void {
  if (typeof listener !== 'function')
    throw new SeatguardError('data/invalid', `watch: the listener must be a function, got ${show(listener)}.`)
}

/**
 * The most tenants one `versions()` call takes. Not the service's cap on a call's arguments
 * (10,000 entries): the service's poll lists every tenant a process follows in one call, so
 * this bounds a whole process's follow set, with room for the thousands R30 asks for.
 */
export const MAX_TENANTS = 100_000

/**
 * Reads the tenant list of a store's `versions()` defensively (R29): an array of at most
 * {@link MAX_TENANTS} strings, copied once by index, so a throwing getter or a revoked proxy
 * is `data/invalid` and never reaches the data. Strings no store can keep name no tenant.
 */
export function readTenantList(value: unknown): string[] {
  const refuse = (why: string, cause?: unknown): never => {
    throw new SeatguardError(
      'data/invalid',
      `versions: "tenants" must be an array of at most ${MAX_TENANTS} strings; ${why}.`,
      cause === undefined ? {} : { cause },
    )
  }
  try {
    if (!Array.isArray(value)) return refuse(`got ${show(value)}`)
    const length = value.length
    if (length > MAX_TENANTS) return refuse(`got ${length}`)
    const out: string[] = []
    for (let i = 0; i < length; i++) {
      const t: unknown = value[i]
      if (typeof t !== 'string') return refuse(`entry ${i} is ${show(t)}`)
      // A string no store can keep (NUL, a lone surrogate, too long) names no stored tenant.
      if (isStorableId(t)) out.push(t)
    }
    return out
  } catch (err) {
    if (err instanceof SeatguardError) throw err
    return refuse('reading it threw', err)
  }
}
