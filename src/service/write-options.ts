import type { DryRun } from '../model/dry-run.js'

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
  /** Who makes the write, recorded in the audit entry (R17). */
  readonly actor?: string | undefined
  /** The version the caller last saw; a different stored version fails with `store/conflict` (R16). */
  readonly expectedVersion?: number | undefined
  /**
   * R34: validate the write exactly as it would run, write nothing (no record, no audit entry,
   * no change event) and resolve to `{ record, impact }` instead of the record.
   */
  readonly dryRun?: boolean | undefined
}

/** The options of a write called without any: a real write. */
export type NotDry = { readonly dryRun?: false }

/**
 * What a write resolves to for its options: the record, or with `dryRun: true` a
 * {@link DryRun} of it (R34); both when the options do not say which.
 *
 * @example
 * ```ts
 * import type { StoredUser, WriteOutcome } from 'seatguard'
 * type Real = WriteOutcome<{ actor: 'admin' }, StoredUser> // StoredUser
 * type Trial = WriteOutcome<{ dryRun: true }, StoredUser> // DryRun<StoredUser>
 * ```
 */
export type WriteOutcome<TOptions, TRecord, TPermission extends string = string> = [DryFlag<TOptions>] extends [true]
  ? DryRun<TRecord, TPermission>
  : true extends DryFlag<TOptions>
    ? TRecord | DryRun<TRecord, TPermission>
    : TRecord

/** The type of the options' `dryRun`; `undefined` for options that have none. */
type DryFlag<O> = O extends { readonly dryRun?: infer D } ? D : undefined

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
  /** Remove the role from every user who holds it, in the same transaction. */
  readonly unassign?: boolean | undefined
}

/**
 * What {@link AccessControl.status} reports (R27). `version` is the snapshot's version;
 * `syncedAt` (ms since the epoch, as `Date.now()`) is when the service last found its
 * snapshot in step with the store (a catch-up or a poll that succeeded; the first load
 * counts). `stale` is true when the last catch-up failed (`error` holds why) or when none
 * succeeded for longer than twice `pollInterval`, a catch-up that hangs included. With
 * polling off only a failed catch-up makes it stale.
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
 * const { stale, version, syncedAt, error } = ac.status() // false, 0, Date.now(), undefined
 * if (stale) console.warn(`acme answers from version ${version}, in step at ${new Date(syncedAt).toISOString()}`, error)
 * ```
 */
export interface SyncStatus {
  /** The `seq` of the last audit entry the snapshot reflects, as {@link AccessControl.snapshotVersion}. */
  readonly version: number
  /** When the snapshot was last known to be in step with the store, in ms since the epoch. */
  readonly syncedAt: number
  /** The last catch-up failed, or none succeeded for longer than twice `pollInterval`. */
  readonly stale: boolean
  /** Why the last catch-up failed (usually a `SeatguardError` coded `store/unavailable`); absent after a success. */
  readonly error?: unknown
}
