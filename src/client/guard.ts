import { isId, isRecord, readGrant } from './_read.js'
import type { Guard, GuardDecision, GuardOptions, GuardReason, PermissionIn } from './types.js'

/** Why each refusal, for the sentence `explain` gives (R22's reasons included). */
const WHY: Record<GuardReason, string> = {
  granted: '',
  'not-granted': 'no role of yours includes it',
  'no-seat': 'it needs a seat, which you lack',
  'missing-prerequisite': 'it needs basic access, which you lack',
  'invalid-item': 'the item is malformed',
  'out-of-reach': 'not on this item',
}

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
  const { user, mode, permissions, reasons, reach } = readGrant(grant, options?.catalogue)
  // R21, R22: the server's answer on a work item, in its precedence: invalid-item first, then
  // the item-less reason, then out-of-reach for a granted permission whose reach misses the item.
  const reasonOf = (permission: string, item: unknown): GuardReason => {
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
    return Object.freeze({
      allowed: reason === 'granted',
      permission,
      reason,
      message:
        reason === 'granted'
          ? `You may use ${permission}.`
          : `You may not use ${permission}: ${WHY[reason]}; ask an administrator.`,
    })
  }
  const can = (permission: string, item?: unknown): boolean => reasonOf(permission, item) === 'granted'
  return Object.freeze({ user, mode, permissions, can, explain }) as Guard<PermissionIn<TCatalogue>>
}
