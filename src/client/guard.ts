import { describeDecision } from '../grant/describe.js'
import { isId, isRecord, readGrant } from './_read.js'
import type { Guard, GuardDecision, GuardOptions, GuardReason, PermissionIn } from './types.js'

/**
 * Reads a grant made on the server by `createGrant` and returns a {@link Guard} for the
 * page. The grant is validated first: a malformed one, one of an unknown format version, or
 * one made for another catalogue (id or version) throws a `GrantError` (code
 * `data/invalid`) and never allows anything. The guard only decides what the page shows: a
 * grant is not signed, so one the user edited consistently is accepted, and the server checks
 * every request itself. Pass the catalogue type as the type parameter
 * to have permission literals checked; importing only its type keeps the catalogue out of
 * the bundle.
 *
 * @example
 * ```ts
 * import type { conversations } from 'seatguard'
 * import { createGuard } from 'seatguard/client'
 * const grant: unknown = await (await fetch('/grant')).json()
 * const guard = createGuard<typeof conversations>(grant, { catalogue: { id: 'conversations', version: '1.0.0' } })
 * if (!guard.can('conversations/my-work/transfer')) console.log(guard.explain('conversations/my-work/transfer').message)
 * ```
 */
export function createGuard<TCatalogue = string>(
  grant: unknown,
  options: GuardOptions,
): Guard<PermissionIn<TCatalogue>> {
  // R36: the grant in use, replaced whole by update(); everything below reads it through `state`.
  let state = readGrant(grant, options)
  let revision = 0
  const listeners = new Set<() => void>()
  // R21, R22: the server's answer on a work item, in its precedence: invalid-item first, then
  // the item-less reason, then out-of-reach for a granted permission whose reach misses the item.
  const reasonOf = (permission: string, item: unknown): GuardReason => {
    const { reasons, reach } = state
    const reason = reasons.get(permission) ?? 'not-granted'
    if (item === undefined) return reason
    // Each field read once; a getter or Proxy that throws leaves [0]: invalid, never a throw (R13).
    let fields: unknown[] = [0]
    try {
      if (isRecord(item)) fields = [item.queue, item.assignee]
    } catch {}
    if (!fields.every((v) => v === undefined || isId(v))) return 'invalid-item'
    const admits = reach.get(permission)
    return reason !== 'granted' || !admits || admits(...(fields as [string?, string?])) ? reason : 'out-of-reach'
  }
  const explain = (permission: string, item?: unknown): GuardDecision => {
    const reason = reasonOf(permission, item)
    const name = state.names.get(permission)
    // R35: the sentence for the user, with the display name the grant carries, as the server words it.
    const words = { permission, reason, ...(name ? { name } : {}) }
    return Object.freeze({
      allowed: reason === 'granted',
      ...words,
      message: describeDecision(words, { audience: 'user' }),
    })
  }
  const can = (permission: string, item?: unknown): boolean => reasonOf(permission, item) === 'granted'
  return Object.freeze({
    get user() {
      return state.user
    },
    get mode() {
      return state.mode
    },
    get permissions() {
      return state.permissions
    },
    get revision() {
      return revision
    },
    can,
    explain,
    // Validated first: a refused grant throws before anything changes (the old one kept, no listener called).
    update(next: unknown): void {
      state = readGrant(next, options)
      revision++
      // Live over the set: a listener removed meanwhile is not called. One that throws is reported
      // as an uncaught error (as a throwing DOM event listener is) and stops neither the others nor update().
      for (const listener of listeners)
        try {
          listener()
        } catch (error) {
          queueMicrotask(() => {
            throw error
          })
        }
    },
    subscribe(listener: () => void): () => void {
      // A wrapper per call: the same function subscribed twice is two subscriptions.
      const entry = (): void => listener()
      listeners.add(entry)
      return () => {
        listeners.delete(entry)
      }
    },
  }) as Guard<PermissionIn<TCatalogue>>
}
