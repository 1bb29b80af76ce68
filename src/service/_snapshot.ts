import { show } from '../_util.js'
import type { Catalogue } from '../catalogue/types.js'
import { type AuditEntry, isRoleEntry, isTenantEntry } from '../model/audit.js'
import type { Problem } from '../model/problem.js'
import type { StoredRole } from '../model/role.js'
import { NO_SEAT_LIMIT, type StoredSeatLimit } from '../model/seats.js'
import type { StoredUser, User } from '../model/user.js'
import type { Policy } from '../policy/types.js'
import type { TenantState } from '../store/types.js'
import { checkedLimit, policyOf, sameRole } from './_records.js'

/*
 * Records are frozen in place: `user()`, `users()` and the policy hand these out, and a
 * caller who changed one would change the snapshot's answers without a write or an audit entry.
 */
function frozenRole(role: StoredRole): StoredRole {
  Object.freeze(role.permissions)
  return Object.freeze(role)
}

function frozenUser(user: StoredUser): StoredUser {
  Object.freeze(user.roles)
  if (user.queues !== undefined) Object.freeze(user.queues)
  return Object.freeze(user)
}

/**
 * The service's in-memory copy of one tenant: records, the compiled policy, and the
 * `seq` of the last audit entry it reflects. It moves forward by replaying audit entries
 * (each carries the full record after the change), or by a full load.
 */
export class Snapshot {
  version: number
  policy: Policy
  roles: Map<string, StoredRole>
  readonly users: Map<string, StoredUser>
  /** The tenant's stored seat limit (R15), as of `version`. */
  seatLimit: StoredSeatLimit

  constructor(
    private readonly catalogue: Catalogue,
    state: TenantState,
  ) {
    this.version = state.version
    this.roles = new Map(state.roles.map((r) => [r.id, frozenRole(r)]))
    this.users = new Map(state.users.map((u) => [u.id, frozenUser(u)]))
    this.seatLimit = Object.freeze(
      state.seatLimit === undefined ? NO_SEAT_LIMIT : checkedLimit(state.seatLimit, 'load() seat limit'),
    )
    this.policy = policyOf(catalogue, this.roles.values())
  }

  /** An unknown user is a user with no roles and no seat: denied, not an error (R13). */
  userOf(userId: string): User {
    return this.users.get(userId) ?? { id: userId, roles: [] }
  }

  /** Problems with the stored user's assignment; an unknown user gets one `store/not-found` problem. */
  problemsOf(userId: string): Problem[] {
    const user = this.users.get(userId)
    if (user === undefined)
      return [
        { code: 'store/not-found', severity: 'error', message: `User ${show(userId)} does not exist in this tenant.` },
      ]
    return this.policy.check(user)
  }

  /** The compiled policy, when `roles` are exactly the snapshot's (same records, same order). */
  policyIfSame(roles: readonly StoredRole[]): Policy | undefined {
    if (roles.length !== this.roles.size) return undefined
    let i = 0
    for (const role of this.roles.values()) {
      const other = roles[i++]
      // Content too, not only versions: on a store without retiredRoleVersion, a role deleted and
      // created again starts at version 1 once more.
      if (other?.id !== role.id || other.version !== role.version || !sameRole(other, role)) return undefined
    }
    return this.policy
  }

  /**
   * Replays entries that follow `version` without a gap; returns false (and changes
   * nothing) when they do not, so the caller reloads instead. All or nothing: when the
   * roles cannot be compiled (a role from a newer catalogue), it throws before changing anything.
   */
  apply(all: readonly AuditEntry[]): boolean {
    // Entries already applied (a page fetched while the service applied its own write) are skipped.
    const entries = all.filter((e) => e.seq > this.version)
    if (entries.some((e, i) => e.seq !== this.version + i + 1)) return false
    let roles: Map<string, StoredRole> | undefined
    let seatLimit = this.seatLimit
    for (const entry of entries) {
      // R15: other instances learn a new seat limit from its entry, like any other change; read
      // here, before anything changes, so a bad record leaves the snapshot as it was.
      if (isTenantEntry(entry))
        seatLimit = Object.freeze(
          entry.after === null ? NO_SEAT_LIMIT : checkedLimit(entry.after, `audit entry ${entry.seq}'s seat limit`),
        )
      if (!isRoleEntry(entry)) continue
      roles ??= new Map(this.roles)
      if (entry.after === null) roles.delete(entry.target)
      else roles.set(entry.after.id, frozenRole(entry.after))
    }
    if (roles !== undefined) {
      this.policy = policyOf(this.catalogue, roles.values())
      this.roles = roles
    }
    this.seatLimit = seatLimit
    for (const entry of entries) {
      if (isRoleEntry(entry) || isTenantEntry(entry)) continue
      if (entry.after === null) this.users.delete(entry.target)
      else this.users.set(entry.after.id, frozenUser(entry.after))
    }
    this.version += entries.length
    return true
  }
}
