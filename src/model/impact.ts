import type { AccessMode } from './decision.js'
import type { Problem } from './problem.js'
import type { MembershipKind } from './reach.js'

/**
 * A value before and after a change, in that order.
 *
 * @example
 * ```ts
 * import type { Change } from 'seatguard'
 * const mode: Change<'full' | 'viewer' | 'none'> = ['full', 'viewer']
 * ```
 */
export type Change<T> = readonly [before: T, after: T]

/**
 * One user whose access a change alters (R33). `gained` and `lost` are effective permissions
 * (R1–R6) in catalogue order; the pairs are `[before, after]`. `membership` is the kind of the
 * user's queue memberships (R19), `null` on a side where they belong to no queue. `errors`
 * are the `check` errors the change creates (present after, not before: the same code and
 * roles, in any order, is the same error). A user on one side
 * only is compared with a user who has no roles and no seat on the other.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, impact } from 'seatguard'
 * const before = createPolicy(conversations).duplicateRole('agent', { id: 'junior', name: 'Junior' })
 * const after = before.updateRole('junior', { permissions: ['contact-center/conversations/view'] })
 * const [row] = impact(before, after, [{ id: 'jo', roles: ['junior'], seat: true }]).rows
 * const mode = row?.mode // ['full', 'viewer']
 * ```
 */
export interface ImpactRow<TPermission extends string = string> {
  /** The user's id. */
  readonly userId: string
  /** Effective permissions the user has after the change and not before, in catalogue order. */
  readonly gained: readonly TPermission[]
  /** Effective permissions the user had before the change and not after, in catalogue order. */
  readonly lost: readonly TPermission[]
  /** The access mode (R7) before and after. */
  readonly mode: Change<AccessMode>
  /** Whether the user needs a seat (R10) before and after. */
  readonly needsSeat: Change<boolean>
  /** Whether the user counts toward capacity (R11) before and after. */
  readonly countsTowardCapacity: Change<boolean>
  /** Whether the user holds a seat (R10: consumes one) before and after. */
  readonly consumesSeat: Change<boolean>
  /** The kind of the user's queue memberships (R19) before and after; `null` without a queue. */
  readonly membership: Change<MembershipKind | null>
  /** The queues the user joins and leaves (each sorted): where queue-reaching permissions reach changes with them. */
  readonly queues: {
    /** Queues the user belongs to after the change and not before. */
    readonly joined: readonly string[]
    /** Queues the user belonged to before the change and not after. */
    readonly left: readonly string[]
  }
  /** The error-level `check` problems the change creates (R8, R9, unknown roles). */
  readonly errors: readonly Problem[]
}

/**
 * What a change does to a set of users (R33): a row for each user whose access changes,
 * in the input order, and totals over every user compared.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, impact } from 'seatguard'
 * const policy = createPolicy(conversations)
 * const { rows, totals } = impact(policy, [{ id: 'ana', roles: ['agent'], seat: true }], [{ id: 'ana', roles: ['viewer'] }])
 * const [lost, seats] = [rows[0]?.lost.length, totals.seatsNeeded] // 7, [1, 0]
 * ```
 */
export interface Impact<TPermission extends string = string> {
  /** The users whose access changes, in the input order; empty when the change affects nobody. */
  readonly rows: readonly ImpactRow<TPermission>[]
  /** Counts over every user compared, changed or not. */
  readonly totals: {
    /** Users compared (both sides, each id once). */
    readonly users: number
    /** Users who need a seat (R10), before and after. */
    readonly seatsNeeded: Change<number>
    /** Users who hold a seat (R10), before and after. */
    readonly seatsHeld: Change<number>
    /** Users who count toward capacity (R11), before and after. */
    readonly capacity: Change<number>
  }
}
