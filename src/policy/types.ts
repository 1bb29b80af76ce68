import type { Catalogue, KnownId } from '../catalogue/types.js'
import type { Access, Decision } from '../model/decision.js'
import type { Problem } from '../model/problem.js'
import type { QueueReport } from '../model/queues.js'
import type { Reach, WorkItem } from '../model/reach.js'
import type { CustomRoleData, NewRole, Role, RolePatch } from '../model/role.js'
import type { SeatReport } from '../model/seats.js'
import type { User } from '../model/user.js'

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
  createRole<const R extends string, P extends string>(
    role: NewRole<R, KnownId<P, TPermission>>,
  ): Policy<TPermission, TRole | R>
  /** Adds a custom copy of any role, recording `derivedFrom` (R3). */
  duplicateRole<const R extends string, S extends string>(
    sourceId: KnownId<S, TRole>,
    role: { readonly id: R; readonly name: string; readonly description?: string },
  ): Policy<TPermission, TRole | R>
  /**
   * Changes a custom role; default roles throw `role/immutable` (R2). Give its permissions
   * whole (`permissions`) or as changes to its current list (`add`, `remove`; removing one it
   * does not hold changes nothing), not both (`data/invalid`). Ids the catalogue lacks are
   * `role/unknown-permission` (R3).
   *
   * @example
   * ```ts
   * import { conversations, createPolicy } from 'seatguard'
   * const policy = createPolicy(conversations)
   *   .duplicateRole('agent', { id: 'agent-no-assign', name: 'Agent without assignment' })
   *   .updateRole('agent-no-assign', { remove: ['conversations/allow-assignment'] })
   * policy.role('agent-no-assign')?.permissions.includes('conversations/allow-assignment') // false
   * ```
   */
  updateRole<R extends string, P extends string>(
    id: KnownId<R, TRole>,
    patch: RolePatch<KnownId<P, TPermission>>,
  ): Policy<TPermission, TRole>
  /** Removes a custom role; default roles throw `role/immutable` (R2). */
  deleteRole<R extends string>(id: KnownId<R, TRole>): Policy<TPermission, TRole>
  /** The custom roles as JSON-safe data; `createPolicy(catalogue, json.roles)` round-trips. */
  toJSON(): PolicyData

  /** Whether the user may use the permission now, on the work item when one is given (R21). Never throws (R13). */
  can<P extends string>(user: User, permission: KnownId<P, TPermission>, item?: WorkItem): boolean
  /** The decision with its reason, on the work item when one is given (R22). Never throws (R13). */
  explain<P extends string>(user: User, permission: KnownId<P, TPermission>, item?: WorkItem): Decision<TPermission>
  /** Throws a `ForbiddenError` carrying the decision unless the user may use the permission (on the item). */
  assertCan<P extends string>(user: User, permission: KnownId<P, TPermission>, item?: WorkItem): void
  /** Where the permission reaches for the user (R23): a filter that always agrees with `can`. Never throws. */
  reach<P extends string>(user: User, permission: KnownId<P, TPermission>): Reach
  /** Mode, effective permissions and seat facts of one user. Never throws. */
  access(user: User): Access<TPermission>
  /** Problems with a user's assignment (R6, R8, R9, R10, unknown roles). Never throws. */
  check(user: User): Problem[]
  /** Seat rows and totals for many users (R10–R12). */
  seatReport(users: Iterable<User>): SeatReport
  /** Queue memberships by kind for many users (R19, R24). */
  queueReport(users: Iterable<User>): QueueReport
}
