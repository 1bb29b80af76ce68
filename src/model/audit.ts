import type { StoredRole } from './role.js'
import type { StoredSeatLimit } from './seats.js'
import type { StoredUser } from './user.js'

/**
 * What a write did, as recorded in the audit log (R17).
 *
 * @example
 * ```ts
 * import type { AuditAction } from 'seatguard'
 * const action: AuditAction = 'seat.granted'
 * ```
 */
export type AuditAction = RoleAuditAction | UserAuditAction | TenantAuditAction

/**
 * The audit actions about roles.
 *
 * @example
 * ```ts
 * import type { RoleAuditAction } from 'seatguard'
 * const action: RoleAuditAction = 'role.duplicated'
 * ```
 */
export type RoleAuditAction = (typeof ROLE_AUDIT_ACTIONS)[number]

/**
 * The audit actions about users and their seats.
 *
 * @example
 * ```ts
 * import type { UserAuditAction } from 'seatguard'
 * const action: UserAuditAction = 'seat.revoked'
 * ```
 */
export type UserAuditAction = (typeof USER_AUDIT_ACTIONS)[number]

/**
 * The audit actions about the tenant itself: its stored seat limit (R15).
 *
 * @example
 * ```ts
 * import type { TenantAuditAction } from 'seatguard'
 * const action: TenantAuditAction = 'tenant.seat-limit-set'
 * ```
 */
export type TenantAuditAction = (typeof TENANT_AUDIT_ACTIONS)[number]

/** The one list of the audit actions about roles (R17); {@link RoleAuditAction} is derived from it. */
export const ROLE_AUDIT_ACTIONS = Object.freeze([
  'role.created',
  'role.duplicated',
  'role.updated',
  'role.deleted',
] as const)

/** The one list of the audit actions about users and seats (R17); {@link UserAuditAction} is derived from it. */
export const USER_AUDIT_ACTIONS = Object.freeze(['user.set', 'seat.granted', 'seat.revoked'] as const)

/** The one list of the audit actions about the tenant (R15, R17); {@link TenantAuditAction} is derived from it. */
export const TENANT_AUDIT_ACTIONS = Object.freeze(['tenant.seat-limit-set'] as const)

const ROLE_ACTIONS: ReadonlySet<string> = new Set(ROLE_AUDIT_ACTIONS)
const TENANT_ACTIONS: ReadonlySet<string> = new Set(TENANT_AUDIT_ACTIONS)
const ACTIONS: ReadonlySet<string> = new Set([...ROLE_AUDIT_ACTIONS, ...USER_AUDIT_ACTIONS, ...TENANT_AUDIT_ACTIONS])

/** Whether a value read from outside (a stored row, say) is one of the audit actions. */
export const isAuditAction = (value: unknown): value is AuditAction => typeof value === 'string' && ACTIONS.has(value)

/** Whether an action is about a role (its entry carries role records) rather than a user. */
export const isRoleAction = (action: AuditAction): action is RoleAuditAction => ROLE_ACTIONS.has(action)

/** Whether an action is about the tenant (its entry carries seat-limit records) rather than a role or a user. */
export const isTenantAction = (action: AuditAction): action is TenantAuditAction => TENANT_ACTIONS.has(action)

/** What an action's entry is about, so which records its `before` and `after` are. */
export function auditSubject(action: AuditAction): 'role' | 'user' | 'tenant' {
  if (isRoleAction(action)) return 'role'
  if (isTenantAction(action)) return 'tenant'
  return 'user'
}

/** Whether an entry is about a role, so its `before` and `after` are role records. */
export const isRoleEntry = <E extends AuditDraft>(
  entry: E,
): entry is Extract<E, { readonly action: RoleAuditAction }> => isRoleAction(entry.action)

/** Whether an entry is about the tenant, so its `before` and `after` are seat-limit records. */
export const isTenantEntry = <E extends AuditDraft>(
  entry: E,
): entry is Extract<E, { readonly action: TenantAuditAction }> => isTenantAction(entry.action)

/**
 * One audit entry before the store numbers it: what the service hands to
 * {@link StoreTransaction.append}. `before` is `null` for a creation, `after` for a deletion.
 *
 * @example
 * ```ts
 * import type { AuditDraft } from 'seatguard'
 * const draft: AuditDraft = {
 *   at: new Date().toISOString(), actor: 'admin', action: 'seat.granted', target: 'ana',
 *   before: { id: 'ana', roles: ['agent'], seat: false, version: 1 },
 *   after: { id: 'ana', roles: ['agent'], seat: true, version: 2 },
 * }
 * ```
 */
export type AuditDraft =
  | {
      /** When the write happened, as an ISO 8601 timestamp. */
      readonly at: string
      /** Who made the write (`opts.actor`), or `null` when not given. */
      readonly actor: string | null
      /** What the write did to a role. */
      readonly action: RoleAuditAction
      /** The id of the role written. */
      readonly target: string
      /** The role before the write; `null` when it was created. */
      readonly before: StoredRole | null
      /** The role after the write; `null` when it was deleted. */
      readonly after: StoredRole | null
    }
  | {
      /** When the write happened, as an ISO 8601 timestamp. */
      readonly at: string
      /** Who made the write (`opts.actor`), or `null` when not given. */
      readonly actor: string | null
      /** What the write did to a user or their seat. */
      readonly action: UserAuditAction
      /** The id of the user written. */
      readonly target: string
      /** The user before the write; `null` when it was created. */
      readonly before: StoredUser | null
      /** The user after the write. */
      readonly after: StoredUser | null
    }
  | {
      /** When the write happened, as an ISO 8601 timestamp. */
      readonly at: string
      /** Who made the write (`opts.actor`), or `null` when not given. */
      readonly actor: string | null
      /** What the write did to the tenant (its seat limit, R15). */
      readonly action: TenantAuditAction
      /** The tenant's id. */
      readonly target: string
      /** The seat limit before the write; `null` when the tenant never had one. */
      readonly before: StoredSeatLimit | null
      /** The seat limit after the write. */
      readonly after: StoredSeatLimit | null
    }

/**
 * One entry of a tenant's append-only audit log (R17): `seq` is 1, 2, 3… within the tenant.
 *
 * @example
 * ```ts
 * import { type AuditEntry, conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
 * await ac.setUser({ id: 'ana', roles: ['agent'] }, { actor: 'admin' })
 * const [entry]: readonly AuditEntry[] = await ac.audit()
 * const [seq, action] = [entry?.seq, entry?.action] // 1, 'user.set'
 * ```
 */
export type AuditEntry = AuditDraft & {
  /** The entry's number: 1, 2, 3… within the tenant, strictly increasing (R17). */
  readonly seq: number
  /** The tenant the entry belongs to (R18). */
  readonly tenant: string
}

/**
 * Which part of the audit log to read: entries with `seq > after` (default 0), at most `limit` of them (default all).
 *
 * @example
 * ```ts
 * import type { AuditQuery } from 'seatguard'
 * const page: AuditQuery = { after: 100, limit: 50 }
 * ```
 */
export interface AuditQuery {
  /** Only entries with a `seq` greater than this (default 0: from the start). */
  readonly after?: number
  /** At most this many entries (default: all). */
  readonly limit?: number
}
