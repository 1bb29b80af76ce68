/**
 * The records a {@link PolicyStore} keeps, and the contract an adapter implements.
 * A store is deliberately dumb: it keeps records, serialises transactions per tenant
 * and reports commits. Every rule (R14–R17) is applied by the service inside the
 * store's transaction, so a new adapter gets them for free.
 */

import type { AuditDraft, AuditEntry, AuditQuery } from '../model/audit.js'
import type { StoredRole } from '../model/role.js'
import type { StoredSeatLimit } from '../model/seats.js'
import type { StoredUser } from '../model/user.js'

/**
 * Everything a tenant holds, read consistently: `version` is the `seq` of the last audit
 * entry (0 when none), roles and users in the order they were first stored.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'seatguard'
 * const state = await createMemoryStore().load('acme')
 * const [version, users] = [state.version, state.users.length] // 0, 0
 * ```
 */
export interface TenantState {
  /** The `seq` of the tenant's last audit entry; 0 when there is none. */
  readonly version: number
  /** The tenant's custom roles, in the order they were first stored. */
  readonly roles: readonly StoredRole[]
  /** The tenant's users, in the order they were first stored. */
  readonly users: readonly StoredUser[]
  /**
   * The tenant's stored seat limit (R15), from the same snapshot; a store that keeps one
   * ({@link StoreTransaction.seatLimit}) fills it in once it was ever set (version ≥ 1).
   * Absent means `{ limit: null, version: 0 }`: a tenant that never had a limit loads as before.
   */
  readonly seatLimit?: StoredSeatLimit
}

/**
 * Reads and writes inside one {@link PolicyStore.transaction}. Reads see every
 * transaction committed before this one started and this one's own writes; writes become
 * visible to others all at once, when the transaction commits.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'seatguard'
 * const store = createMemoryStore()
 * const seats = await store.transaction('acme', (tx) => tx.seatsHeld())
 * ```
 */
export interface StoreTransaction {
  /** The tenant's custom roles, in the order they were first stored. */
  roles(): Promise<readonly StoredRole[]>
  /** The user with this id, or `undefined` when there is none. */
  user(id: string): Promise<StoredUser | undefined>
  /** The users whose `roles` include `roleId`. */
  usersWithRole(roleId: string): Promise<readonly StoredUser[]>
  /** How many users of the tenant hold a seat. */
  seatsHeld(): Promise<number>
  /** Inserts or replaces a role (a replaced role keeps its place in the order). */
  putRole(role: StoredRole): Promise<void>
  /**
   * Removes a role; removing a role that does not exist does nothing. A store that
   * implements {@link StoreTransaction.retiredRoleVersion} remembers the removed role's version.
   */
  removeRole(id: string): Promise<void>
  /**
   * Optional (feature-detected): the last version a role with this id had when it was
   * removed from this tenant (the greatest, if it was removed several times), or 0 when no
   * role with this id was ever removed. Sees the transaction's own removals; a removal in a
   * transaction that throws is not remembered; tenants never see each other's (R18).
   *
   * The service creates a role whose id was used before at this version + 1, so a role id's
   * version never goes back and an `expectedVersion` read before the delete fails with
   * `store/conflict` (R16). A store without it restarts a re-created role at version 1, where
   * such a stale `expectedVersion` can match the new role.
   *
   * @example
   * ```ts
   * import { createMemoryStore } from 'seatguard'
   * const store = createMemoryStore()
   * await store.transaction('acme', async (tx) => {
   *   await tx.putRole({ id: 'temp', name: 'Temp', permissions: [], version: 3 })
   *   await tx.removeRole('temp')
   * })
   * const last = await store.transaction('acme', async (tx) => (await tx.retiredRoleVersion?.('temp')) ?? 0) // 3
   * ```
   */
  retiredRoleVersion?(id: string): Promise<number>
  /** Inserts or replaces a user (a replaced user keeps its place in the order). */
  putUser(user: StoredUser): Promise<void>
  /**
   * Optional (feature-detected, together with {@link StoreTransaction.putSeatLimit}): the
   * tenant's stored seat limit (R15), `{ limit: null, version: 0 }` when it was never set. Sees
   * the transaction's own `putSeatLimit`. The service reads it inside every transaction that
   * gives a seat, so the limit holds across every process on the store, whatever their
   * snapshots say. A store without the pair keeps no limit: `setSeatLimit` is refused and no
   * limit is enforced.
   *
   * @example
   * ```ts
   * import { createMemoryStore } from 'seatguard'
   * const store = createMemoryStore()
   * await store.transaction('acme', (tx) => tx.putSeatLimit?.({ limit: 10, version: 1 }) ?? Promise.resolve())
   * const stored = await store.transaction('acme', async (tx) => tx.seatLimit?.()) // { limit: 10, version: 1 }
   * ```
   */
  seatLimit?(): Promise<StoredSeatLimit>
  /** Optional, with {@link StoreTransaction.seatLimit}: replaces the tenant's stored seat limit (R15). */
  putSeatLimit?(record: StoredSeatLimit): Promise<void>
  /** Appends an audit entry numbered one past the tenant's last `seq`. */
  append(entry: AuditDraft): Promise<AuditEntry>
  /**
   * Optional (feature-detected, like the two below, each on its own): the stored users among
   * `ids`, in one read, in any order; an id with no user is left out. Sees the transaction's own
   * writes. `setUsers` (R38) reads a batch's users with it, else with one `user(id)` per id.
   *
   * @example
   * ```ts
   * import { createMemoryStore } from 'seatguard'
   * const store = createMemoryStore()
   * const found = await store.transaction('acme', async (tx) => {
   *   await tx.putUsers?.([{ id: 'ana', roles: ['agent'], seat: true, version: 1 }])
   *   return tx.usersById?.(['ana', 'nobody'])
   * }) // [{ id: 'ana', roles: ['agent'], seat: true, version: 1 }]
   * ```
   */
  usersById?(ids: readonly string[]): Promise<readonly StoredUser[]>
  /**
   * Optional: inserts or replaces these users in one write, as `putUser` would one after the
   * other (new users take their places in this order; a replaced one keeps its place). `setUsers`
   * (R38) writes a batch with it, else with one `putUser` per user, in the same transaction.
   */
  putUsers?(users: readonly StoredUser[]): Promise<void>
  /**
   * Optional: appends these entries in one write, numbered one past the tenant's last `seq` in
   * this order, and resolves to them as `append` would (R17). `setUsers` (R38) appends a batch's
   * entries with it, else with one `append` per entry.
   *
   * @example
   * ```ts
   * import { type AuditDraft, createMemoryStore } from 'seatguard'
   * const draft = (id: string): AuditDraft => ({
   *   at: new Date().toISOString(), actor: null, action: 'user.set', target: id,
   *   before: null, after: { id, roles: [], seat: false, version: 1 },
   * })
   * const store = createMemoryStore()
   * const entries = await store.transaction('acme', async (tx) => tx.appendAll?.([draft('ana'), draft('ben')]))
   * const seqs = entries?.map((e) => e.seq) // [1, 2]
   * ```
   */
  appendAll?(entries: readonly AuditDraft[]): Promise<readonly AuditEntry[]>
}

/**
 * What a store's change feed reports: a committed change of one tenant (its new
 * `version`), or `resync` after the feed may have missed changes (a dropped connection).
 *
 * @example
 * ```ts
 * import type { StoreEvent } from 'seatguard'
 * const seen = new Map<string, number>()
 * const onEvent = (event: StoreEvent): void => {
 *   if (event.type === 'change') seen.set(event.tenant, event.version)
 * }
 * ```
 */
export type StoreEvent =
  | {
      /** A transaction of one tenant committed. */
      readonly type: 'change'
      /** The tenant that changed. */
      readonly tenant: string
      /** The tenant's new version (the `seq` of its last audit entry). */
      readonly version: number
    }
  | {
      /** Changes may have been missed: every tenant should reload. */
      readonly type: 'resync'
    }

/**
 * Where an {@link AccessControl} keeps roles, users and the audit log. Implement it to
 * add a database; hold the adapter to `testStore` from `seatguard/testing`.
 * The contract: transactions of one tenant are serialised (one runs at a time, across
 * every process sharing the data) and atomic (a `work` that throws leaves nothing);
 * audit `seq` runs 1, 2, 3… per tenant; tenants never see each other's data (R18).
 * `watch`, `versions` and `close` are optional and feature-detected, as are the transaction's
 * `retiredRoleVersion` (without it, a role deleted and created again restarts at version 1),
 * its `seatLimit` / `putSeatLimit` pair (without it, the tenant can keep no seat limit, R15)
 * and its batch methods `usersById`, `putUsers` and `appendAll` (without them, `setUsers` reads
 * and writes one record at a time, in the same transaction, R38).
 *
 * @example
 * ```ts
 * import { type PolicyStore, createMemoryStore } from 'seatguard'
 * const store: PolicyStore = createMemoryStore()
 * const state = await store.load('acme')
 * ```
 */
export interface PolicyStore {
  /** The tenant's state, read in one consistent snapshot. An unknown tenant is empty, version 0. */
  load(tenant: string): Promise<TenantState>
  /** Audit entries of the tenant in `seq` order (R17). */
  audit(tenant: string, query?: AuditQuery): Promise<readonly AuditEntry[]>
  /**
   * Runs `work` as one atomic transaction of the tenant, serialised with every other
   * transaction of that tenant. When `work` throws, nothing it wrote is kept and the
   * error is rethrown. After a commit that appended entries, watchers hear of it.
   */
  transaction<T>(tenant: string, work: (tx: StoreTransaction) => Promise<T>): Promise<T>
  /**
   * Optional (feature-detected): the current version (the `seq` of the last audit entry) of each
   * listed tenant, in one round trip; a tenant never written is absent or 0. Services following
   * many tenants of this store then run one safety-net poll per interval for all of them (R30)
   * instead of one audit query per tenant.
   *
   * @example
   * ```ts
   * import { createMemoryStore } from 'seatguard'
   * const store = createMemoryStore()
   * const seen = await store.versions?.(['acme', 'globex']) // Map {} until they are written
   * ```
   */
  versions?(tenants: readonly string[]): Promise<ReadonlyMap<string, number>>
  /** Subscribes to committed changes of every tenant; resolves to the unsubscribe function. */
  watch?(listener: (event: StoreEvent) => void): Promise<() => Promise<void>>
  /**
   * Releases what the store holds (listeners, connections it opened), not the client it was
   * given, once its calls under way have settled; later calls are refused with `store/unavailable` (R28).
   */
  close?(): Promise<void>
}
