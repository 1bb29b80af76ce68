import { AccessControl } from 'accesscontrol'
import type { Contender } from '../_contender.js'
import type { BenchUser, Scenario } from '../_scenario.js'

const VIEW_ONLY = 'seatless-viewer'
const NO_ACCESS = 'seatless-none'

/**
 * accesscontrol: each permission is a resource granted with `create:any` to the roles that
 * bundle it (its resource names allow letters, digits, "_" and "-" only, so `desk/work/transfer` is `desk_work_transfer`;
 * the names are translated once, outside the timed loops). It has no notion of seats, so the
 * application maps a seatless user to a view-only role, or to a role with no grants when
 * none of their roles can view.
 */
const resourceOf = (permission: string): string => permission.replaceAll('/', '_')

export const accesscontrol: Contender = {
  name: 'accesscontrol',
  pkg: 'accesscontrol',
  seatRule:
    'In the application: grants per role (`create:any` on each permission, as a resource named after its id); a seatless user is checked as the role `seatless-viewer` (view only) when one of their roles can view, else as `seatless-none` (no grants).',
  load(s: Scenario) {
    const ac = new AccessControl()
    const roles = [...s.defaultRoles, ...s.customRoles]
    for (const role of roles) for (const p of role.permissions) ac.grant(role.id).createAny(resourceOf(p))
    ac.grant(VIEW_ONLY).createAny(resourceOf(s.view))
    ac.grant(NO_ACCESS)
    ac.lock()
    const viewing = new Set(roles.filter((r) => r.permissions.includes(s.view)).map((r) => r.id))
    const viewOnly = [VIEW_ONLY]
    const noAccess = [NO_ACCESS]
    // A seated user is checked with their own roles array (no copy); seatless users share two constant lists.
    const rolesOf = (user: { roles: readonly string[]; seat: boolean }): string[] =>
      user.seat ? (user.roles as string[]) : user.roles.some((r) => viewing.has(r)) ? viewOnly : noAccess

    const prepared = s.users.map(rolesOf)
    const byId = new Map(s.users.map((u, i) => [u.id, prepared[i]!]))
    const { checkUser, checkPermission } = s
    const permissions = s.permissions.map(resourceOf)
    const users: readonly BenchUser[] = s.users
    const ids = s.users.map((u) => u.id)
    return {
      prebuilt(n) {
        let allowed = 0
        for (let i = 0; i < n; i++)
          if (ac.can(prepared[checkUser[i]!]!).createAny(permissions[checkPermission[i]!]!).granted) allowed++
        return allowed
      },
      fresh(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const u = users[checkUser[i]!]!
          const user = { id: u.id, roles: u.roles.slice(), seat: u.seat }
          if (ac.can(rolesOf(user)).createAny(permissions[checkPermission[i]!]!).granted) allowed++
        }
        return allowed
      },
      byId(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const roles = byId.get(ids[checkUser[i]!]!)
          if (roles !== undefined && ac.can(roles).createAny(permissions[checkPermission[i]!]!).granted) allowed++
        }
        return allowed
      },
    }
  },
}
