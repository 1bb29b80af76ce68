/**
 * A user as seatguard sees one: an id, the ids of the roles they hold, and whether
 * they hold an active seat (default `false`).
 *
 * @example
 * ```ts
 * import type { User } from 'seatguard'
 * const ana: User = { id: 'ana', roles: ['agent'], seat: true }
 * ```
 */
export interface User {
  /** A non-empty id; a user with an empty or missing id is malformed and denied everything (R13). */
  readonly id: string
  /** Ids of the roles the user holds; an unknown id grants nothing (R13). */
  readonly roles: readonly string[]
  /** Whether the user holds an active seat (R4); absent means no seat. */
  readonly seat?: boolean | undefined
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
}
