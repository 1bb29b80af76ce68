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
  /** A non-empty id; a user with an empty or missing id is malformed and denied everything (R13). */
  readonly id: string
  /** Ids of the roles the user holds; an unknown id grants nothing (R13). */
  readonly roles: readonly string[]
  /** Whether the user holds an active seat (R4); absent means no seat. */
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
 * const kind = role?.kind // 'default'
 * ```
 */
export interface Role<TPermission extends string = string, TRole extends string = string> {
  /** The role id. */
  readonly id: TRole
  /** Display name. */
  readonly name: string
  /** What the role is for. */
  readonly description?: string
  /** The permissions the role bundles, in catalogue order, without duplicates. */
  readonly permissions: readonly TPermission[]
  /** `default` for a role of the catalogue (immutable, R2), `custom` otherwise. */
  readonly kind: 'default' | 'custom'
  /** For a custom role, the default role it descends from by duplication (R3). */
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
  /** The role id, matching `^[a-z0-9][a-z0-9._:-]{0,63}$` (R3). */
  readonly id: string
  /** Display name. */
  readonly name: string
  /** What the role is for. */
  readonly description?: string
  /** Permission ids of the catalogue (R3). */
  readonly permissions: readonly string[]
  /** The default role this one was duplicated from, directly or through other copies (R3). */
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
  /** The new role's id, unique in the policy (R3). */
  readonly id: TId
  /** Display name. */
  readonly name: string
  /** What the role is for. */
  readonly description?: string
  /** Permission ids of the catalogue. */
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
  /** A new display name. */
  readonly name?: string
  /** A new description. */
  readonly description?: string
  /** The complete new list of permissions (replaces the old list). */
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
 * const { reason, grantedBy } = d // 'no-seat', ['agent']
 * ```
 */
export interface Decision<TPermission extends string = string> {
  /** `true` exactly when `reason` is `granted`. */
  readonly allowed: boolean
  /** The permission asked about. */
  readonly permission: TPermission
  /** Why access is allowed or refused. */
  readonly reason: DecisionReason
  /** The user's roles that hold the permission, whether or not it is effective. */
  readonly grantedBy: readonly string[]
  /** The any-of prerequisites, none of which is effective (reason `missing-prerequisite`). */
  readonly missing?: readonly TPermission[]
  /** One plain sentence a person can act on. */
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
 * const code = problem?.code // 'assignment/exclusive-roles'
 * ```
 */
export interface Problem {
  /** The stable code of the problem. */
  readonly code: ProblemCode
  /** Errors block a store write (R14); warnings never do. */
  readonly severity: 'error' | 'warning'
  /** One plain sentence a person can act on. */
  readonly message: string
  /** The role ids involved, when the problem is about roles. */
  readonly roles?: readonly string[]
  /** The permission ids involved, when the problem is about permissions. */
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
 * import { conversations, createPolicy } from 'seatguard'
 * const [row] = createPolicy(conversations).seatReport([{ id: 'ana', roles: ['agent'], seat: true }]).rows
 * const label = row?.label // 'Agent for Conversations'
 * ```
 */
export interface SeatReportRow {
  /** The user's id. */
  readonly userId: string
  /** `No default role`, or the names of the user's default roles in catalogue order (R12). */
  readonly label: string
  /** The user's access mode (R7). */
  readonly mode: AccessMode
  /** The user holds a seat (R10). */
  readonly consumesSeat: boolean
  /** The user needs a seat for their roles (R10). */
  readonly needsSeat: boolean
  /** The user counts toward capacity (R11). */
  readonly countsTowardCapacity: boolean
  /** `seat-missing` and/or `seat-unused` (R10). */
  readonly flags: readonly SeatFlag[]
}

/**
 * Seats across many users: a row each, and totals.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const { totals } = createPolicy(conversations).seatReport([{ id: 'ana', roles: ['agent'], seat: true }, { id: 'vic', roles: ['viewer'] }])
 * const { seatsUsed, viewers } = totals // 1, 1
 * ```
 */
export interface SeatReport {
  /** One row per user, in the order given. */
  readonly rows: readonly SeatReportRow[]
  /** Counts over all rows. */
  readonly totals: {
    /** Users in the report. */
    readonly users: number
    /** Users holding a seat, needed or not. */
    readonly seatsUsed: number
    /** Users who need a seat, holding one or not. */
    readonly seatsNeeded: number
    /** Users in `viewer` mode. */
    readonly viewers: number
    /** Rows flagged `seat-missing`. */
    readonly seatMissing: number
    /** Rows flagged `seat-unused`. */
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
  /** The catalogue the roles were made for. */
  readonly catalogue: {
    /** The catalogue id. */
    readonly id: string
    /** The catalogue version. */
    readonly version: string
  }
  /** The custom roles, in the order they were added. */
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
  /** The catalogue the policy is built on. */
  readonly catalogue: Catalogue<TPermission, string>
  /** Default roles in catalogue order, then custom roles in the order they were added. */
  readonly roles: readonly Role<TPermission, TRole>[]
  /** The role with this id, default or custom; `undefined` when there is none. */
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
  /** The custom roles as JSON-safe data; `createPolicy(catalogue, json.roles)` round-trips. */
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
