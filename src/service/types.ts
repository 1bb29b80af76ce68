import type { Catalogue, KnownId } from '../catalogue/types.js'
import type { Grant } from '../grant/format.js'
import type { AuditEntry, AuditQuery } from '../model/audit.js'
import type { BatchUserInput, ImportOptions, ImportProgress, SetUsersOptions } from '../model/batch.js'
import type { Access, Decision } from '../model/decision.js'
import type { Problem } from '../model/problem.js'
import type { QueueReport } from '../model/queues.js'
import type { Reach, WorkItem } from '../model/reach.js'
import type { NewRole, RolePatch, StoredRole } from '../model/role.js'
import type { SeatUsage, StoredSeatLimit, TenantSeatReport } from '../model/seats.js'
import type { StoredUser, UserInput } from '../model/user.js'
import type { Policy } from '../policy/types.js'
import type { PolicyStore } from '../store/types.js'
import type { DeleteRoleOptions, NotDry, SyncStatus, WriteOptions, WriteOutcome } from './write-options.js'

// The write options moved to write-options.ts (types.ts grew past 300 lines); the service's
// modules keep importing them from here.
export type { DeleteRoleOptions, SyncStatus, WriteOptions, WriteOutcome }

/**
 * What {@link createAccessControl} takes: the catalogue, the store, the tenant (R18)
 * and optionally how often to poll the store as a safety net for a missed change
 * notification (milliseconds, default 5000, 0 = never). The seat limit is no option: it is
 * the tenant's data, kept in the store (`ac.setSeatLimit`, R15).
 *
 * @example
 * ```ts
 * import { type AccessControlOptions, conversations, createMemoryStore } from 'seatguard'
 * const options: AccessControlOptions = { catalogue: conversations, store: createMemoryStore(), tenant: 'acme', pollInterval: 30_000 }
 * ```
 */
export interface AccessControlOptions<TPermission extends string = string, TRole extends string = string> {
  /** The catalogue the tenant's roles are made for. */
  readonly catalogue: Catalogue<TPermission, TRole>
  /** Where roles, users and the audit log are kept, such as `createMemoryStore()`. */
  readonly store: PolicyStore
  /** The tenant (account) every operation is scoped to (R18). */
  readonly tenant: string
  /**
   * Removed: the seat limit is the tenant's data, kept in the store, so every instance
   * enforces the same one (R15). Passing it is refused with `data/invalid`; call
   * `await ac.setSeatLimit(limit)` once instead.
   */
  readonly seatLimit?: never
  /** Milliseconds between safety-net polls of the store (default 5000, 0 = never, at most 2³¹ − 1). */
  readonly pollInterval?: number | undefined
}

/**
 * One tenant's access control over a {@link PolicyStore}: validated, versioned, audited
 * writes (R14–R18), and checks answered from an in-memory compiled snapshot that follows
 * the store's change feed. A write resolves once this service's snapshot shows it; if the
 * catch-up after a committed write fails, the write still resolves (R26) and `status()` says
 * the snapshot is stale until it catches up.
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
 * await ac.setSeatLimit(10, { actor: 'admin' })
 * await ac.setUser({ id: 'ana', roles: ['agent'] })
 * await ac.grantSeat('ana', { actor: 'admin' })
 * await ac.can('ana', 'conversations/allow-assignment') // true
 * ```
 */
export interface AccessControl<TPermission extends string = string> {
  /** The tenant this service is scoped to (R18). */
  readonly tenant: string
  /** The current policy of the snapshot (default roles plus the tenant's custom roles). */
  policy(): Policy<TPermission, string>
  /** The `seq` of the last audit entry the snapshot reflects (0 for an empty tenant). */
  snapshotVersion(): number
  /** Catches the snapshot up with the store now; resolves to the new snapshot version. */
  refresh(): Promise<number>
  /** How far behind the store the snapshot may be (R27): its version, when it was last in step, and whether it is stale. */
  status(): SyncStatus

  /** Stores a new custom role made from scratch (R3, R14). */
  createRole<P extends string, O extends WriteOptions = NotDry>(
    role: NewRole<string, KnownId<P, TPermission>>,
    opts?: O,
  ): Promise<WriteOutcome<O, StoredRole, TPermission>>
  /** Stores a custom copy of a default or custom role, recording `derivedFrom` (R3). */
  duplicateRole<O extends WriteOptions = NotDry>(
    sourceId: string,
    role: { readonly id: string; readonly name: string; readonly description?: string },
    opts?: O,
  ): Promise<WriteOutcome<O, StoredRole, TPermission>>
  /**
   * Changes a custom role, validated like `Policy.updateRole` (R3); a default role is refused
   * with `role/immutable` (R2). `add` and `remove` apply to the role as stored, inside the
   * write's transaction, so two services adding different permissions both keep theirs.
   *
   * @example
   * ```ts
   * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
   * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
   * await ac.duplicateRole('agent', { id: 'junior', name: 'Junior agent' })
   * const junior = await ac.updateRole('junior', { add: ['conversations/my-work/download-conversation'] }) // version 2
   * ```
   */
  updateRole<P extends string, O extends WriteOptions = NotDry>(
    id: string,
    patch: RolePatch<KnownId<P, TPermission>>,
    opts?: O,
  ): Promise<WriteOutcome<O, StoredRole, TPermission>>
  /** Resolves to the role as it was last stored. */
  deleteRole<O extends DeleteRoleOptions = NotDry>(
    id: string,
    opts?: O,
  ): Promise<WriteOutcome<O, StoredRole, TPermission>>
  /**
   * Creates or replaces a user; refused when the assignment breaks R8, R9 or names an unknown
   * role (R14). The version the caller last saw goes in `opts.expectedVersion` (R16): a user
   * carrying `version` or `expectedVersion` is refused with `data/invalid`, never ignored.
   */
  setUser<O extends WriteOptions = NotDry>(user: UserInput, opts?: O): Promise<WriteOutcome<O, StoredUser, TPermission>>
  /**
   * Creates or replaces up to 10,000 users in one transaction (R38), each validated as `setUser`
   * validates one: any error refuses the whole batch, every problem listed with its user's `path`
   * (`users[3]`, R14); its new seats must fit under the stored limit once the seats it frees are
   * counted (R15); a user may carry its `expectedVersion` (R16); one `user.set` entry per changed
   * user, in batch order (R17). An id given twice is refused. Resolves to each user's record, in
   * batch order, once this service shows the batch; other instances refresh once for it.
   *
   * @example
   * ```ts
   * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
   * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
   * const users = [{ id: 'ana', roles: ['agent'], seat: true }, { id: 'bo', roles: ['viewer'], expectedVersion: 0 }]
   * const [ana, bo] = await ac.setUsers(users, { actor: 'idp-sync' }) // both at version 1: two user.set entries
   * ```
   */
  setUsers<O extends SetUsersOptions = NotDry>(
    users: readonly BatchUserInput[],
    opts?: O,
  ): Promise<WriteOutcome<O, readonly StoredUser[], TPermission>>
  /**
   * Streams an import (an array, a generator, an async iterable) as consecutive `setUsers`
   * batches of `batchSize` users (default 1000), each its own transaction, calls `onProgress`
   * with the totals after each and resolves to them (R38). The first batch that fails stops it,
   * naming the batch and the user (`context.index`, `context.user`; paths count over the whole
   * stream); **the batches before it stay written**. A source that throws is `data/invalid`. An
   * id given twice in the import is refused, in one batch or across two. `close()` stops it with
   * `store/unavailable`, also while it waits on its source or on `onProgress` (R28).
   *
   * @example
   * ```ts
   * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
   * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
   * const staff = Array.from({ length: 2500 }, (_, i) => ({ id: `agent-${i}`, roles: ['agent'] }))
   * const totals = await ac.importUsers(staff, { onProgress: (p) => { process.stdout.write(`${p.written} written\n`) } })
   * // { written: 2500, unchanged: 0, batches: 3 }
   * ```
   */
  importUsers(
    users: Iterable<BatchUserInput> | AsyncIterable<BatchUserInput>,
    opts?: ImportOptions,
  ): Promise<ImportProgress>
  /** Gives an existing user a seat, within the tenant's stored seat limit (R15); a no-op when they hold one. */
  grantSeat<O extends WriteOptions = NotDry>(
    userId: string,
    opts?: O,
  ): Promise<WriteOutcome<O, StoredUser, TPermission>>
  /** Takes a user's seat away; a no-op when they hold none. */
  revokeSeat<O extends WriteOptions = NotDry>(
    userId: string,
    opts?: O,
  ): Promise<WriteOutcome<O, StoredUser, TPermission>>

  /**
   * Stores the tenant's seat limit (R15): a whole number ≥ 0, or `null` for none; resolves to
   * the stored record. Every instance on the store enforces it inside each write, so grants
   * racing from many processes never pass it. Lowering it below the seats held revokes
   * nothing: further grants fail until seats are freed. Versioned (`expectedVersion`, R16) and
   * audited as `tenant.seat-limit-set` (R17); the same limit again is a no-op.
   *
   * @example
   * ```ts
   * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
   * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
   * const first = await ac.setSeatLimit(25, { actor: 'billing' }) // { limit: 25, version: 1 }
   * await ac.setSeatLimit(30, { expectedVersion: first.version }) // { limit: 30, version: 2 }
   * ```
   */
  setSeatLimit<O extends WriteOptions = NotDry>(
    limit: number | null,
    opts?: O,
  ): Promise<WriteOutcome<O, StoredSeatLimit, TPermission>>
  /**
   * The tenant's seats: its stored limit, the seats held and how many more can be granted
   * (`null` without a limit, never negative), from the snapshot (R15).
   *
   * @example
   * ```ts
   * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
   * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
   * const { limit, held, available } = await ac.seats() // null, 0, null
   * ```
   */
  seats(): Promise<SeatUsage>

  /** The stored user, or `undefined` for an unknown id. */
  user(id: string): Promise<StoredUser | undefined>
  /** Every user of the tenant. */
  users(): Promise<readonly StoredUser[]>
  /** The tenant's audit log, in `seq` order (R17). */
  audit(query?: AuditQuery): Promise<readonly AuditEntry[]>
  /** Whether the user may use the permission, on the work item when one is given (R21); an unknown user is denied (R13). */
  can<P extends string>(userId: string, permission: KnownId<P, TPermission>, item?: WorkItem): Promise<boolean>
  /** The decision with its reason, on the work item when one is given (R22); an unknown user is denied (R13). */
  explain<P extends string>(
    userId: string,
    permission: KnownId<P, TPermission>,
    item?: WorkItem,
  ): Promise<Decision<TPermission>>
  /** Where the permission reaches for the stored user (R23), to filter a list with; `none` for an unknown user. */
  reach<P extends string>(userId: string, permission: KnownId<P, TPermission>): Promise<Reach>
  /** Mode, effective permissions and seat facts of a user; mode `none` for an unknown user. */
  access(userId: string): Promise<Access<TPermission>>
  /**
   * The user's grant for their browser (R36), made from the current snapshot as `createGrant`
   * makes it: send it as JSON to the page, where `createGuard` or `guard.update` reads it.
   * An unknown user id gets a grant for that id that allows nothing (mode `none`), as `can`
   * denies an unknown user (R13): a page whose user was deleted hides every control. Say who
   * is signed in before you call it; the grant only says what they may do. A user id that is
   * not a non-empty string is refused with `data/invalid` (R29).
   *
   * @example
   * ```ts
   * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
   * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
   * await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
   * const body = JSON.stringify(await ac.grant('ana')) // mode 'full', Transfer among its permissions
   * ```
   */
  grant(userId: string): Promise<Grant<TPermission>>
  /** Problems with the user's assignment; an unknown user gets one `store/not-found` problem. */
  check(userId: string): Promise<Problem[]>
  /** Seat rows and totals for every user of the tenant (R10–R12), the totals with the seat limit and `overLimit` (R15). */
  seatReport(): Promise<TenantSeatReport>
  /** Queue memberships by kind for every user of the tenant (R19, R24). */
  queueReport(): Promise<QueueReport>
  /**
   * Stops following the store's change feed and resolves once the writes (and imports) already
   * accepted have settled (R28); an import waiting on its source stops at once. The store itself stays open. Calls made after it began are refused at
   * once with `store/unavailable` (its answers could be stale). Closing twice is fine.
   */
  close(): Promise<void>
}
