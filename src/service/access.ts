import type { Catalogue, KnownId } from '../catalogue/types.js'
import type { Access, Decision, NewRole, Policy, Problem, RolePatch, SeatReport } from '../policy/types.js'
import type { AuditEntry, AuditQuery, PolicyStore, StoredRole, StoredUser } from './types.js'

/**
 * What {@link createAccessControl} takes: the catalogue, the store, the tenant (R18)
 * and optionally the tenant's seat limit (R15) and how often to poll the store as a
 * safety net for a missed change notification (milliseconds, default 5000, 0 = never).
 *
 * @example
 * ```ts
 * import { type AccessControlOptions, conversations, createMemoryStore } from 'seatguard'
 * const options: AccessControlOptions = { catalogue: conversations, store: createMemoryStore(), tenant: 'acme', seatLimit: 25 }
 * ```
 */
export interface AccessControlOptions<TPermission extends string = string, TRole extends string = string> {
  readonly catalogue: Catalogue<TPermission, TRole>
  readonly store: PolicyStore
  readonly tenant: string
  readonly seatLimit?: number
  readonly pollInterval?: number
}

/**
 * Options of every write: who made it (recorded in the audit log, R17) and the version
 * the caller last saw of the record it writes (R16; 0 = "must not exist yet").
 *
 * @example
 * ```ts
 * import type { WriteOptions } from 'seatguard'
 * const opts: WriteOptions = { actor: 'admin@acme', expectedVersion: 2 }
 * ```
 */
export interface WriteOptions {
  readonly actor?: string
  readonly expectedVersion?: number
}

/**
 * Options of {@link AccessControl.deleteRole}: `unassign` removes the role from the users
 * who hold it, in the same transaction (otherwise the delete fails with `role/in-use`).
 *
 * @example
 * ```ts
 * import type { DeleteRoleOptions } from 'seatguard'
 * const opts: DeleteRoleOptions = { actor: 'admin', unassign: true }
 * ```
 */
export interface DeleteRoleOptions extends WriteOptions {
  readonly unassign?: boolean
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
  readonly id: string
  readonly roles: readonly string[]
  readonly seat?: boolean
}

/**
 * One tenant's access control over a {@link PolicyStore}: validated, versioned, audited
 * writes (R14–R18), and checks answered from an in-memory compiled snapshot that follows
 * the store's change feed. A write resolves once this service's snapshot shows it.
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme', seatLimit: 10 })
 * await ac.setUser({ id: 'ana', roles: ['agent'] })
 * await ac.grantSeat('ana', { actor: 'admin' })
 * await ac.can('ana', 'conversations/allow-assignment') // true
 * ```
 */
export interface AccessControl<TPermission extends string = string> {
  readonly tenant: string
  /** The current policy of the snapshot (default roles plus the tenant's custom roles). */
  policy(): Policy<TPermission, string>
  /** The `seq` of the last audit entry the snapshot reflects (0 for an empty tenant). */
  snapshotVersion(): number
  /** Catches the snapshot up with the store now; resolves to the new snapshot version. */
  refresh(): Promise<number>

  createRole<P extends string>(role: NewRole<string, KnownId<P, TPermission>>, opts?: WriteOptions): Promise<StoredRole>
  duplicateRole(sourceId: string, role: { readonly id: string; readonly name: string; readonly description?: string }, opts?: WriteOptions): Promise<StoredRole>
  updateRole<P extends string>(id: string, patch: RolePatch<KnownId<P, TPermission>>, opts?: WriteOptions): Promise<StoredRole>
  /** Resolves to the role as it was last stored. */
  deleteRole(id: string, opts?: DeleteRoleOptions): Promise<StoredRole>
  setUser(user: UserInput, opts?: WriteOptions): Promise<StoredUser>
  grantSeat(userId: string, opts?: WriteOptions): Promise<StoredUser>
  revokeSeat(userId: string, opts?: WriteOptions): Promise<StoredUser>

  user(id: string): Promise<StoredUser | undefined>
  users(): Promise<readonly StoredUser[]>
  audit(query?: AuditQuery): Promise<readonly AuditEntry[]>
  /** Whether the user may use the permission; an unknown user is denied (R13). */
  can<P extends string>(userId: string, permission: KnownId<P, TPermission>): Promise<boolean>
  explain<P extends string>(userId: string, permission: KnownId<P, TPermission>): Promise<Decision<TPermission>>
  access(userId: string): Promise<Access<TPermission>>
  /** Problems with the user's assignment; an unknown user gets one `store/not-found` problem. */
  check(userId: string): Promise<Problem[]>
  seatReport(): Promise<SeatReport>
  /** Stops following the store's change feed; the store itself stays open. */
  close(): Promise<void>
}
