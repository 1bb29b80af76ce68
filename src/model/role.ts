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
 * What {@link Policy.updateRole} changes; absent fields stay as they are. Give the permissions
 * either whole (`permissions`) or as changes to the current list (`add`, `remove`), not both.
 *
 * @example
 * ```ts
 * import type { RolePatch } from 'seatguard'
 * const rename: RolePatch = { name: 'Senior agent' }
 * const edit: RolePatch = { add: ['conversations/my-work/download-conversation'], remove: ['conversations/allow-assignment'] }
 * ```
 */
export interface RolePatch<TPermission extends string = string> {
  /** A new display name. */
  readonly name?: string
  /** A new description. */
  readonly description?: string
  /** The complete new list of permissions (replaces the old list). */
  readonly permissions?: readonly TPermission[]
  /** Permissions to give the role on top of its current ones; one it holds already changes nothing. */
  readonly add?: readonly TPermission[]
  /** Permissions to take from the role; one it does not hold changes nothing. */
  readonly remove?: readonly TPermission[]
}

/**
 * A custom role as stored: its data plus the `version` of the record (R16).
 *
 * @example
 * ```ts
 * import type { StoredRole } from 'seatguard'
 * const role: StoredRole = { id: 'junior', name: 'Junior agent', permissions: ['conversations/my-work/tags'], derivedFrom: 'agent', version: 1 }
 * ```
 */
export interface StoredRole {
  /** The custom role's id, unique within the tenant (R3). */
  readonly id: string
  /** Display name. */
  readonly name: string
  /** What the role is for. */
  readonly description?: string
  /** Permission ids of the catalogue, in catalogue order. */
  readonly permissions: readonly string[]
  /** The default role the role descends from by duplication (R3). */
  readonly derivedFrom?: string
  /**
   * 1 when created, one more on every change (R16). A role created with the id of a role
   * removed before starts one above the removed role's last version, so an id's version
   * never goes back (when the store implements {@link StoreTransaction.retiredRoleVersion}).
   */
  readonly version: number
}
