import type { Catalogue, KnownId } from '../catalogue/types.js'
import type { ErrorCode } from '../errors.js'

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
  readonly id: string
  readonly roles: readonly string[]
  readonly seat?: boolean | undefined
}

/**
 * A role of a {@link Policy}: a default role of the catalogue, or a custom one.
 * `derivedFrom` names the default role a duplicate descends from (R3).
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const role = createPolicy(conversations).role('agent')
 * console.log(role?.kind) // 'default'
 * ```
 */
export interface Role<TPermission extends string = string, TRole extends string = string> {
  readonly id: TRole
  readonly name: string
  readonly description?: string
  readonly permissions: readonly TPermission[]
  readonly kind: 'default' | 'custom'
  readonly derivedFrom?: string
}

/**
 * A custom role as stored and exchanged: JSON-safe. `policy.toJSON().roles` is a list of these.
 *
 * @example
 * ```ts
 * import { type CustomRoleData, conversations, createPolicy } from 'seatguard'
 * const roles: CustomRoleData[] = [{ id: 'auditor', name: 'Auditor', permissions: ['conversations/analytics/reports'] }]
 * const policy = createPolicy(conversations, roles)
 * ```
 */
export interface CustomRoleData {
  readonly id: string
  readonly name: string
  readonly description?: string
  readonly permissions: readonly string[]
  readonly derivedFrom?: string
}

/**
 * What {@link Policy.createRole} takes. Permission literals are checked against the catalogue.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const policy = createPolicy(conversations).createRole({ id: 'reports', name: 'Reports', permissions: ['conversations/analytics/reports'] })
 * ```
 */
export interface NewRole<TId extends string = string, TPermission extends string = string> {
  readonly id: TId
  readonly name: string
  readonly description?: string
  readonly permissions: readonly TPermission[]
}

/**
 * What {@link Policy.updateRole} changes; absent fields stay as they are.
 *
 * @example
 * ```ts
 * import type { RolePatch } from 'seatguard'
 * const patch: RolePatch = { name: 'Senior agent' }
 * ```
 */
export interface RolePatch<TPermission extends string = string> {
  readonly name?: string
  readonly description?: string
  readonly permissions?: readonly TPermission[]
}

/**
 * Why a decision came out as it did. When several apply, the first of
 * `unknown-permission`, `invalid-user`, `not-granted`, `no-seat`, `missing-prerequisite` wins.
 *
 * @example
 * ```ts
 * import type { DecisionReason } from 'seatguard'
 * const denied: DecisionReason = 'no-seat'
 * ```
 */
export type DecisionReason = 'granted' | 'not-granted' | 'no-seat' | 'missing-prerequisite' | 'unknown-permission' | 'invalid-user'

/**
 * The answer of `explain`: whether access is allowed, why, and which of the user's
 * roles hold the permission. `message` is one sentence a person can act on.
 *
 * @example
 * ```ts
 * import { explain } from 'seatguard'
 * const d = explain({ id: 'ana', roles: ['agent'] }, 'conversations/allow-assignment')
 * console.log(d.reason, d.grantedBy) // 'no-seat' ['agent']
 * ```
 */
export interface Decision<TPermission extends string = string> {
  readonly allowed: boolean
  readonly permission: TPermission
  readonly reason: DecisionReason
  readonly grantedBy: readonly string[]
  /** The any-of prerequisites, none of which is effective (reason `missing-prerequisite`). */
  readonly missing?: readonly TPermission[]
  readonly message: string
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
 * console.log(a.mode, a.needsSeat, a.consumesSeat) // 'viewer' true false
 * ```
 */
export interface Access<TPermission extends string = string> {
  readonly mode: AccessMode
  /** Effective permissions, in catalogue order. */
  readonly permissions: readonly TPermission[]
  /** The user holds a seat (R10), needed or not. */
  readonly consumesSeat: boolean
  /** A seat-requiring permission would be effective if the user held a seat (R10). */
  readonly needsSeat: boolean
  /** The user counts toward capacity (R11). */
  readonly countsTowardCapacity: boolean
}

/**
 * The code of a {@link Problem}: an error code, or one of the warnings.
 *
 * @example
 * ```ts
 * import type { ProblemCode } from 'seatguard'
 * const code: ProblemCode = 'seat/unused'
 * ```
 */
export type ProblemCode = ErrorCode | 'assignment/unusable-permission' | 'seat/missing' | 'seat/unused'

/**
 * One finding of `check`, or one reason a write was refused.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const [problem] = createPolicy(conversations).check({ id: 'ana', roles: ['agent', 'supervisor'], seat: true })
 * console.log(problem?.code) // 'assignment/exclusive-roles'
 * ```
 */
export interface Problem {
  readonly code: ProblemCode
  readonly severity: 'error' | 'warning'
  readonly message: string
  readonly roles?: readonly string[]
  readonly permissions?: readonly string[]
}

/**
 * A flag of the seat report (R10).
 *
 * @example
 * ```ts
 * import type { SeatFlag } from 'seatguard'
 * const flag: SeatFlag = 'seat-unused'
 * ```
 */
export type SeatFlag = 'seat-missing' | 'seat-unused'

/**
 * One user's line in a {@link SeatReport}; `label` follows R12.
 *
 * @example
 * ```ts
 * import { seatReport } from 'seatguard'
 * const [row] = seatReport([{ id: 'ana', roles: ['agent'], seat: true }]).rows
 * console.log(row?.label) // 'Agent for Conversations'
 * ```
 */
export interface SeatReportRow {
  readonly userId: string
  readonly label: string
  readonly mode: AccessMode
  readonly consumesSeat: boolean
  readonly needsSeat: boolean
  readonly countsTowardCapacity: boolean
  readonly flags: readonly SeatFlag[]
}

/**
 * Seats across many users: a row each, and totals.
 *
 * @example
 * ```ts
 * import { seatReport } from 'seatguard'
 * const { totals } = seatReport([{ id: 'ana', roles: ['agent'], seat: true }, { id: 'vic', roles: ['viewer'] }])
 * console.log(totals.seatsUsed, totals.viewers) // 1 1
 * ```
 */
export interface SeatReport {
  readonly rows: readonly SeatReportRow[]
  readonly totals: {
    readonly users: number
    readonly seatsUsed: number
    readonly seatsNeeded: number
    readonly viewers: number
    readonly seatMissing: number
    readonly seatUnused: number
  }
}

/**
 * The JSON form of a policy: which catalogue it is for, and its custom roles.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, type PolicyData } from 'seatguard'
 * const data: PolicyData = createPolicy(conversations).toJSON()
 * const again = createPolicy(conversations, data.roles)
 * ```
 */
export interface PolicyData {
  readonly catalogue: { readonly id: string; readonly version: string }
  readonly roles: readonly CustomRoleData[]
}

/**
 * An immutable policy: a catalogue with its default roles plus custom roles, compiled
 * for fast checks. Every role operation returns a new policy. Literal permission and
 * role ids are checked by the compiler; plain `string` values are accepted too.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const policy = createPolicy(conversations).duplicateRole('agent', { id: 'junior', name: 'Junior agent' })
 * policy.can({ id: 'jo', roles: ['junior'], seat: true }, 'conversations/my-work/transfer') // true
 * ```
 */
export interface Policy<TPermission extends string = string, TRole extends string = string> {
  readonly catalogue: Catalogue<TPermission, string>
  /** Default roles in catalogue order, then custom roles in the order they were added. */
  readonly roles: readonly Role<TPermission, TRole>[]
  role<R extends string>(id: KnownId<R, TRole>): Role<TPermission, TRole> | undefined
  /** Adds a custom role made from scratch (R3). */
  createRole<const R extends string, P extends string>(role: NewRole<R, KnownId<P, TPermission>>): Policy<TPermission, TRole | R>
  /** Adds a custom copy of any role, recording `derivedFrom` (R3). */
  duplicateRole<const R extends string, S extends string>(
    sourceId: KnownId<S, TRole>,
    role: { readonly id: R; readonly name: string; readonly description?: string },
  ): Policy<TPermission, TRole | R>
  /** Changes a custom role; default roles throw `role/immutable` (R2). */
  updateRole<R extends string, P extends string>(id: KnownId<R, TRole>, patch: RolePatch<KnownId<P, TPermission>>): Policy<TPermission, TRole>
  /** Removes a custom role; default roles throw `role/immutable` (R2). */
  deleteRole<R extends string>(id: KnownId<R, TRole>): Policy<TPermission, TRole>
  toJSON(): PolicyData

  /** Whether the user may use the permission now. Never throws (R13). */
  can<P extends string>(user: User, permission: KnownId<P, TPermission>): boolean
  /** The decision with its reason. Never throws (R13). */
  explain<P extends string>(user: User, permission: KnownId<P, TPermission>): Decision<TPermission>
  /** Throws a `ForbiddenError` carrying the decision unless the user may use the permission. */
  assertCan<P extends string>(user: User, permission: KnownId<P, TPermission>): void
  /** Mode, effective permissions and seat facts of one user. Never throws. */
  access(user: User): Access<TPermission>
  /** Problems with a user's assignment (R6, R8, R9, R10, unknown roles). Never throws. */
  check(user: User): Problem[]
  /** Seat rows and totals for many users (R10–R12). */
  seatReport(users: Iterable<User>): SeatReport
}
