import { newEnforcer, newModelFromString } from 'casbin'
import type { Contender } from '../_contender.js'
import type { BenchUser, Scenario } from '../_scenario.js'

// RBAC with one ABAC attribute: g maps users to roles, p lists each role's permissions with
// whether the permission needs a seat, and the request subject carries the user's seat.
// The cheap object comparison comes first so g() only runs on policies for that permission.
const MODEL = `
[request_definition]
r = sub, obj

[policy_definition]
p = sub, obj, seat

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.obj == p.obj && g(r.sub.id, p.sub) && (r.sub.seat == true || p.seat == "free")
`

export const casbin: Contender = {
  name: 'casbin',
  pkg: 'casbin',
  seatRule:
    'In the matcher: policies are `p, role, permission, free|paid`, users get roles through `g`, and the request subject is the user record (the matcher reads `r.sub.id` and `r.sub.seat`); the matcher allows when the role links, the object matches and `r.sub.seat == true || p.seat == "free"`.',
  async load(s: Scenario) {
    const enforcer = await newEnforcer(newModelFromString(MODEL))
    await enforcer.addPolicies(
      [...s.defaultRoles, ...s.customRoles].flatMap((r) =>
        r.permissions.map((p) => [r.id, p, p === s.view ? 'free' : 'paid']),
      ),
    )
    await enforcer.addGroupingPolicies(s.users.flatMap((u) => u.roles.map((r) => [u.id, r])))
    // The user records themselves are the request subjects (the matcher reads r.sub.id and r.sub.seat).
    const subjects = s.users
    const byId = new Map(s.users.map((u) => [u.id, u]))
    const { checkUser, checkPermission, permissions } = s
    const users: readonly BenchUser[] = s.users
    const ids = s.users.map((u) => u.id)
    return {
      prebuilt(n) {
        let allowed = 0
        for (let i = 0; i < n; i++)
          if (enforcer.enforceSync(subjects[checkUser[i]!]!, permissions[checkPermission[i]!]!)) allowed++
        return allowed
      },
      fresh(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const u = users[checkUser[i]!]!
          const user = { id: u.id, roles: u.roles.slice(), seat: u.seat }
          if (enforcer.enforceSync(user, permissions[checkPermission[i]!]!)) allowed++
        }
        return allowed
      },
      byId(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const subject = byId.get(ids[checkUser[i]!]!)
          if (subject !== undefined && enforcer.enforceSync(subject, permissions[checkPermission[i]!]!)) allowed++
        }
        return allowed
      },
    }
  },
}
