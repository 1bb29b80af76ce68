import { readGrant } from './_read.js'
import type { Guard, GuardDecision, GuardOptions, GuardReason, PermissionIn } from './types.js'

const refused =
  (why: string) =>
  (p: string): string =>
    `You may not use ${p}: ${why}; ask an administrator.`
const MESSAGES: Record<GuardReason, (permission: string) => string> = {
  granted: (p) => `You may use ${p}.`,
  'not-granted': refused('no role of yours includes it'),
  'no-seat': refused('it needs a seat, which you lack'),
  'missing-prerequisite': refused('it needs basic access, which you lack'),
}

/**
 * Reads a grant made on the server by `createGrant` and returns a {@link Guard} for the
 * page. The grant is validated first: a malformed one, one of an unknown format version, or
 * one made for another catalogue (id or version) throws a `GrantError` (code
 * `data/invalid`) and never allows anything. Pass the catalogue type as the type parameter
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
  const { user, mode, permissions, reasons } = readGrant(grant, options?.catalogue)
  const explain = (permission: string): GuardDecision => {
    const reason = reasons.get(permission) ?? 'not-granted'
    return Object.freeze({ allowed: reason === 'granted', permission, reason, message: MESSAGES[reason](permission) })
  }
  const can = (permission: string): boolean => reasons.get(permission) === 'granted'
  return Object.freeze({ user, mode, permissions, can, explain }) as Guard<PermissionIn<TCatalogue>>
}
