import { SeatguardError } from '../errors.js'
import { impactCompiled } from '../evaluate/_impact.js'
import type { Impact } from '../model/impact.js'
import type { User } from '../model/user.js'
import { compiledOf } from './create.js'
import type { Policy } from './types.js'

/**
 * Who gains and who loses what when a policy or its users change (R33), before the change
 * is made. `impact(before, after, users)` compares two policies over the same users (a role
 * edited, created or deleted); `impact(policy, usersBefore, usersAfter)` compares two lists of
 * users under one policy, matched by id (a user only in `usersBefore` was removed, one only in
 * `usersAfter` added; each is compared with a user holding no roles and no seat). Rows list only
 * the users whose effective permissions, mode, seat need, capacity or membership kind change,
 * or who get a new `check` error, in the input order (`usersBefore`'s, then the users added).
 * It evaluates each distinct (roles, seat) combination once, not each user. Malformed users and
 * repeated ids in one list are refused together with `data/invalid`.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, impact } from 'seatguard'
 * const before = createPolicy(conversations).duplicateRole('agent', { id: 'desk', name: 'Desk agent' })
 * const after = before.updateRole('desk', {
 *   permissions: (before.role('desk')?.permissions ?? []).filter((p) => p !== 'conversations/allow-assignment'),
 * })
 * const users = [
 *   { id: 'ana', roles: ['desk'], seat: true },
 *   { id: 'bo', roles: ['supervisor'], seat: true },
 * ]
 * const { rows } = impact(before, after, users)
 * const [who, lost] = [rows[0]?.userId, rows[0]?.lost] // 'ana', ['conversations/allow-assignment']
 * ```
 */
export function impact<TPermission extends string>(
  before: Policy<TPermission, string>,
  after: Policy<TPermission, string>,
  users: Iterable<User>,
): Impact<TPermission>
export function impact<TPermission extends string>(
  policy: Policy<TPermission, string>,
  usersBefore: Iterable<User>,
  usersAfter: Iterable<User>,
): Impact<TPermission>
export function impact(first: Policy, second: Policy | Iterable<User>, third: Iterable<User> | undefined): Impact {
  const cb = compiledOf(first)
  if (cb === undefined) throw new SeatguardError('data/invalid', 'impact: pass a policy made by createPolicy first.')
  const ca = compiledOf(second)
  if (ca !== undefined) return impactCompiled(cb, ca, third as Iterable<User>, 'same')
  return impactCompiled(cb, cb, second as Iterable<User>, third as Iterable<User>)
}
