import type { AccessControl } from './types.js'

/** Runs an async call on the tenant's open service, opening it again first if it was closed. */
export type Use = <T>(call: (ac: AccessControl) => Promise<T>) => Promise<T>

/** The tenant's open service for a synchronous read; throws `store/unavailable` when it is closed. */
export type Now = () => AccessControl

/**
 * What `tenants.get(id)` hands out: an {@link AccessControl} that does not hold the
 * tenant's service itself but finds it on every call, so `createTenants` can close an idle
 * tenant under a handle someone kept. Async calls count as "in use" while they run and open
 * the tenant again when it was closed; synchronous reads need it open. `close()` releases
 * nothing: the tenant belongs to `createTenants`, which closes it.
 */
export function tenantHandle(tenant: string, use: Use, now: Now): AccessControl {
  return {
    tenant,
    policy: () => now().policy(),
    snapshotVersion: () => now().snapshotVersion(),
    status: () => now().status(),
    refresh: () => use((ac) => ac.refresh()),
    createRole: (role, opts) => use((ac) => ac.createRole(role, opts)),
    duplicateRole: (sourceId, role, opts) => use((ac) => ac.duplicateRole(sourceId, role, opts)),
    updateRole: (id, patch, opts) => use((ac) => ac.updateRole(id, patch, opts)),
    deleteRole: (id, opts) => use((ac) => ac.deleteRole(id, opts)),
    setUser: (user, opts) => use((ac) => ac.setUser(user, opts)),
    setUsers: (users, opts) => use((ac) => ac.setUsers(users, opts)),
    importUsers: (users, opts) => use((ac) => ac.importUsers(users, opts)),
    grantSeat: (userId, opts) => use((ac) => ac.grantSeat(userId, opts)),
    revokeSeat: (userId, opts) => use((ac) => ac.revokeSeat(userId, opts)),
    setSeatLimit: (limit, opts) => use((ac) => ac.setSeatLimit(limit, opts)),
    seats: () => use((ac) => ac.seats()),
    user: (id) => use((ac) => ac.user(id)),
    users: () => use((ac) => ac.users()),
    audit: (query) => use((ac) => ac.audit(query)),
    can: (userId, permission, item) => use((ac) => ac.can(userId, permission, item)),
    explain: (userId, permission, item) => use((ac) => ac.explain(userId, permission, item)),
    reach: (userId, permission) => use((ac) => ac.reach(userId, permission)),
    access: (userId) => use((ac) => ac.access(userId)),
    grant: (userId) => use((ac) => ac.grant(userId)),
    check: (userId) => use((ac) => ac.check(userId)),
    seatReport: () => use((ac) => ac.seatReport()),
    queueReport: () => use((ac) => ac.queueReport()),
    close: async () => undefined,
  }
}
