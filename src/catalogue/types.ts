/**
 * How one permission is declared in {@link CatalogueDefinition.permissions}.
 *
 * @example
 * ```ts
 * import type { PermissionDefinition } from 'seatguard'
 * const view: PermissionDefinition = { name: 'View', description: 'Lets a user read tickets.', group: 'basic', seat: false }
 * ```
 */
export interface PermissionDefinition<TPermission extends string = string> {
  /** Display name, as the product shows it. */
  readonly name: string
  /** One plain sentence: what the permission lets a user do. */
  readonly description: string
  /** The group the product lists it under. */
  readonly group: string
  /** `false` when the permission works without a paid seat (R4). Default `true`. */
  readonly seat?: boolean
  /** Prerequisites, any of which must be effective for this one to be (R6). */
  readonly requires?: readonly TPermission[]
  /**
   * Which work items the permission is about (R20): `all`, those in the user's `queue`s, or
   * those `assigned` to the user. Only for a permission without prerequisites: one with
   * prerequisites reaches where they do. Neither: the permission is not about work items.
   */
  readonly reach?: PermissionReach
}

/**
 * The reach a permission may declare (R20).
 *
 * @example
 * ```ts
 * import type { PermissionReach } from 'seatguard'
 * const reach: PermissionReach = 'queue'
 * ```
 */
export type PermissionReach = 'all' | 'queue' | 'assigned'

/**
 * How a default role is declared in {@link CatalogueDefinition.roles}.
 *
 * @example
 * ```ts
 * import type { RoleDefinition } from 'seatguard'
 * const reader: RoleDefinition = { name: 'Reader', permissions: ['tickets/view'] }
 * ```
 */
export interface RoleDefinition<TPermission extends string = string> {
  /** Display name. */
  readonly name: string
  /** What the role is for. */
  readonly description?: string
  /** The permissions the role bundles (R1). */
  readonly permissions: readonly TPermission[]
}

/**
 * Two roles no user may hold together (R8), with the reason shown to people.
 *
 * @example
 * ```ts
 * import type { ExclusivePair } from 'seatguard'
 * const pair: ExclusivePair = { roles: ['agent', 'supervisor'], reason: 'Supervisor already includes Agent.' }
 * ```
 */
export interface ExclusivePair<TRole extends string = string> {
  /** The two role ids; custom roles derived from either count as it (R8). */
  readonly roles: readonly [TRole, TRole]
  /** Why the pair is exclusive, shown in the problem message. */
  readonly reason: string
}

/**
 * The input of {@link defineCatalogue}: plain, JSON-safe data. Permission and role ids
 * are inferred as literal types, so references to them are checked by the compiler.
 *
 * @example
 * ```ts
 * import { type CatalogueDefinition, defineCatalogue } from 'seatguard'
 * const definition = {
 *   id: 'helpdesk', name: 'Helpdesk', version: '1',
 *   permissions: { 'tickets/view': { name: 'View tickets', description: 'Read tickets.', group: 'basic', seat: false } },
 *   roles: { reader: { name: 'Reader', permissions: ['tickets/view'] } },
 * } satisfies CatalogueDefinition<'tickets/view', 'reader'>
 * const helpdesk = defineCatalogue(definition)
 * ```
 */
export interface CatalogueDefinition<TPermission extends string, TRole extends string> {
  /** Identifies the catalogue in stored policies (`policy.toJSON().catalogue.id`). */
  readonly id: string
  /** Display name, used in messages. */
  readonly name: string
  /** Version of the catalogue, stored beside custom roles. */
  readonly version: string
  /** The permissions, keyed by id, in the order the product lists them. */
  readonly permissions: { readonly [P in TPermission]: PermissionDefinition<NoInfer<TPermission>> }
  /** The default roles, in the order the product lists them. */
  readonly roles: { readonly [R in TRole]: RoleDefinition<NoInfer<TPermission>> }
  /** Pairs of default roles no user may hold together (R8). */
  readonly exclusive?: readonly ExclusivePair<NoInfer<TRole>>[]
  /** Permissions that make a `full` user count toward capacity (R11). */
  readonly capacity?: readonly NoInfer<TPermission>[]
}

/**
 * A permission of a {@link Catalogue}, normalised: `seat` and `requires` always present.
 *
 * @example
 * ```ts
 * import { conversations } from 'seatguard'
 * const free = conversations.permissions.filter((p) => !p.seat).map((p) => p.id)
 * ```
 */
export interface Permission<TPermission extends string = string> {
  /** The permission id, for example `conversations/allow-assignment`. */
  readonly id: TPermission
  /** Display name, as the product shows it. */
  readonly name: string
  /** One plain sentence: what the permission lets a user do. */
  readonly description: string
  /** The group the product lists it under. */
  readonly group: string
  /** `true` when the permission needs an active seat (R4). */
  readonly seat: boolean
  /** Any-of prerequisites (R6); empty when none. */
  readonly requires: readonly TPermission[]
  /** The reach it declares (R20); absent when it inherits its prerequisites' or is not about work items. */
  readonly reach?: PermissionReach
}

/**
 * A default role of a {@link Catalogue}.
 *
 * @example
 * ```ts
 * import { conversations } from 'seatguard'
 * const names = conversations.roles.map((r) => r.name)
 * ```
 */
export interface DefaultRole<TPermission extends string = string, TRole extends string = string> {
  /** The role id, for example `agent`. */
  readonly id: TRole
  /** Display name, for example `Agent for Conversations`. */
  readonly name: string
  /** What the role is for. */
  readonly description?: string
  /** The permissions the role bundles, in catalogue order. */
  readonly permissions: readonly TPermission[]
}

/**
 * A validated, frozen catalogue: permissions and default roles in the order they were
 * declared. Build one with {@link defineCatalogue}; the built-in one is `conversations`.
 *
 * @example
 * ```ts
 * import { type Catalogue, conversations } from 'seatguard'
 * const catalogue: Catalogue = conversations
 * const count = catalogue.permissions.length // 26
 * ```
 */
export interface Catalogue<TPermission extends string = string, TRole extends string = string> {
  /** Identifies the catalogue in stored policies. */
  readonly id: string
  /** Display name, used in messages. */
  readonly name: string
  /** Version of the catalogue. */
  readonly version: string
  /** Every permission, in declaration order (the catalogue order). */
  readonly permissions: readonly Permission<TPermission>[]
  /** The default roles, in declaration order; they cannot be edited or deleted (R2). */
  readonly roles: readonly DefaultRole<TPermission, TRole>[]
  /** Pairs of roles no user may hold together (R8); empty when none. */
  readonly exclusive: readonly ExclusivePair<TRole>[]
  /** Permissions that make a `full` user count toward capacity (R11), in catalogue order. */
  readonly capacity: readonly TPermission[]
}

/**
 * The permission ids of a catalogue, as a union of literal types.
 *
 * @example
 * ```ts
 * import type { conversations, PermissionOf } from 'seatguard'
 * const id: PermissionOf<typeof conversations> = 'conversations/allow-assignment'
 * ```
 */
export type PermissionOf<TCatalogue> = TCatalogue extends Catalogue<infer P, string> ? P : never

/**
 * The default role ids of a catalogue, as a union of literal types.
 *
 * @example
 * ```ts
 * import type { conversations, RoleOf } from 'seatguard'
 * const id: RoleOf<typeof conversations> = 'supervisor'
 * ```
 */
export type RoleOf<TCatalogue> = TCatalogue extends Catalogue<string, infer R> ? R : never

/**
 * An id parameter: a literal must be one of `TKnown` (so a typo does not compile),
 * while a value typed plain `string` (read from outside) is accepted.
 *
 * @example
 * ```ts
 * import type { KnownId } from 'seatguard'
 * function pick<P extends string>(id: KnownId<P, 'a' | 'b'>): string { return id }
 * pick('a')
 * ```
 */
export type KnownId<TId extends string, TKnown extends string> = string extends TId ? TId : TKnown
