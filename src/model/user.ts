/**
 * A user as seatguard sees one: an id, the ids of the roles they hold, whether they hold
 * an active seat (default `false`), and the queues they belong to (default none).
 *
 * @example
 * ```ts
 * import type { User } from 'seatguard'
 * const ana: User = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
 * ```
 */
export interface User {
  /** A non-empty id; a user with an empty or missing id is malformed and denied everything (R13). */
  readonly id: string
  /** Ids of the roles the user holds; an unknown id grants nothing (R13). */
  readonly roles: readonly string[]
  /** Whether the user holds an active seat (R4); absent means no seat. */
  readonly seat?: boolean | undefined
  /**
   * The queues the user belongs to (R19): the application's queue ids, each matching
   * `^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$`; a repeated id counts once; absent means none.
   * Only checks on a work item, `reach` and the queue report read it.
   */
  readonly queues?: readonly string[] | undefined
}

/**
 * A user as stored: roles, seat, and the `version` of the record (R16).
 *
 * @example
 * ```ts
 * import type { StoredUser } from 'seatguard'
 * const ana: StoredUser = { id: 'ana', roles: ['agent'], seat: true, version: 3 }
 * ```
 */
export interface StoredUser {
  /** The user's id within the tenant. */
  readonly id: string
  /** Ids of the roles the user holds. */
  readonly roles: readonly string[]
  /** Whether the user holds an active seat (R4, R10). */
  readonly seat: boolean
  /** The queues the user belongs to (R19, R25), without repeats; absent when none. */
  readonly queues?: readonly string[]
  /** 1 when created, one more on every change (R16). */
  readonly version: number
}

/**
 * A user as {@link AccessControl.setUser} takes it. An absent `seat` keeps the user's
 * current seat (none for a new user); seats are usually changed with `grantSeat` / `revokeSeat`.
 *
 * @example
 * ```ts
 * import type { UserInput } from 'seatguard'
 * const ana: UserInput = { id: 'ana', roles: ['agent'], seat: true }
 * ```
 */
export interface UserInput {
  /** The user's id within the tenant. */
  readonly id: string
  /** The complete list of role ids the user holds (replaces the stored list). */
  readonly roles: readonly string[]
  /** Whether the user holds a seat; absent keeps the current seat (none for a new user). */
  readonly seat?: boolean | undefined
  /** The complete list of queues the user belongs to (replaces the stored list); absent keeps the current queues. */
  readonly queues?: readonly string[] | undefined
  /**
   * Not taken: a stored user's `version` (what `ac.user()` and `ac.users()` return) would be
   * ignored, and the write would overwrite whatever changed since (R16). Pass it as
   * `expectedVersion` (the option of `setUser`, a field of each batch user), or leave it out; a
   * user carrying one is refused with `data/invalid`.
   */
  readonly version?: never
}
