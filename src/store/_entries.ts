import { show } from '../_util.js'
import { SeatguardError } from '../errors.js'

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
