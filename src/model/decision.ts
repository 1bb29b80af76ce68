import type { MembershipKind, Reach } from './reach.js'
import type { DecisionReason } from './reason.js'

/**
 * The answer of `explain`: whether access is allowed, why, and which of the user's
 * roles hold the permission. `message` is one sentence an administrator can act on;
 * `describeDecision` words it for the user who was denied (R35).
 *
 * @example
 * ```ts
 * import { explain } from 'seatguard'
 * const d = explain({ id: 'ana', roles: ['agent'] }, 'conversations/allow-assignment')
 * const { reason, grantedBy } = d // 'no-seat', ['agent']
 * ```
 */
export interface Decision<TPermission extends string = string> {
  /** `true` exactly when `reason` is `granted`. */
  readonly allowed: boolean
  /** The permission asked about. */
  readonly permission: TPermission
  /** The permission's display name from the catalogue; absent for `unknown-permission` (R35). */
  readonly name?: string
  /** Why access is allowed or refused. */
  readonly reason: DecisionReason
  /** The user's roles that hold the permission, whether or not it is effective. */
  readonly grantedBy: readonly string[]
  /** The any-of prerequisites, none of which is effective (reason `missing-prerequisite`). */
  readonly missing?: readonly TPermission[]
  /** The display names of `missing`, in the same order, for wording the decision (R35). */
  readonly missingNames?: readonly string[]
  /** One plain sentence an administrator can act on: what to change, naming the user (R35). */
  readonly message: string
  /** For `out-of-reach` (R22): where the permission does reach for this user. */
  readonly reach?: Reach
}

/**
 * A user's access mode (R7): `full` with a seat and a seat-requiring permission,
 * `viewer` with only seat-free permissions effective, `none` otherwise.
 *
 * @example
 * ```ts
 * import type { AccessMode } from 'seatguard'
 * const mode: AccessMode = 'viewer'
 * ```
 */
export type AccessMode = 'full' | 'viewer' | 'none'

/**
 * Everything a user can do, at once (R7, R10, R11).
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const a = createPolicy(conversations).access({ id: 'ana', roles: ['agent'] })
 * const { mode, needsSeat, consumesSeat } = a // 'viewer', true, false
 * ```
 */
export interface Access<TPermission extends string = string> {
  /** The access mode (R7). */
  readonly mode: AccessMode
  /** Effective permissions, in catalogue order. */
  readonly permissions: readonly TPermission[]
  /** The user holds a seat (R10), needed or not. */
  readonly consumesSeat: boolean
  /** A seat-requiring permission would be effective if the user held a seat (R10). */
  readonly needsSeat: boolean
  /** The user counts toward capacity (R11). */
  readonly countsTowardCapacity: boolean
  /** The user's queues (R19), without repeats, in their order; present only when they belong to one. */
  readonly queues?: readonly string[]
  /** The kind of their queue memberships (R19); present only when they belong to a queue. */
  readonly membership?: MembershipKind
}
