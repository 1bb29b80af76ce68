import { createPolicy, createUserIndex, defineCatalogue, type Policy, type User } from '../../src/index.js'
import type { Contender } from '../_contender.js'
import type { BenchUser, Scenario } from '../_scenario.js'

/** Builds the scenario's catalogue and custom roles as a seatguard policy. */
export function benchPolicy(s: Scenario): Policy {
  const catalogue = defineCatalogue({
    id: 'bench',
    name: 'Benchmark desk',
    version: '1',
    permissions: Object.fromEntries(
      s.permissions.map((id) => [
        id,
        { name: id, description: `Lets a user use ${id}.`, group: id.split('/')[1] ?? 'desk', seat: id !== s.view },
      ]),
    ),
    roles: Object.fromEntries(s.defaultRoles.map((r) => [r.id, { name: r.name, permissions: r.permissions }])),
  })
  return createPolicy(catalogue, s.customRoles)
}

export const seatguard: Contender = {
  name: 'seatguard',
  seatRule:
    'Native: the one view permission is declared `seat: false` in the catalogue; every other permission needs `seat: true` on the user (R4), so a seatless user keeps view only (R5).',
  load(s) {
    const policy = benchPolicy(s)
    // Checks on user objects keep nothing per user. Lookup by id uses the user index, which
    // compiles every user to a (role combination, seat) slot once, here in the load.
    const index = createUserIndex(policy, s.users)
    const { checkUser, checkPermission, permissions } = s
    const users: readonly BenchUser[] = s.users
    const ids = s.users.map((u) => u.id)
    return {
      prebuilt(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) if (policy.can(users[checkUser[i]!]!, permissions[checkPermission[i]!]!)) allowed++
        return allowed
      },
      fresh(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const u = users[checkUser[i]!]!
          const user: User = { id: u.id, roles: u.roles.slice(), seat: u.seat }
          if (policy.can(user, permissions[checkPermission[i]!]!)) allowed++
        }
        return allowed
      },
      byId(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          if (index.can(ids[checkUser[i]!]!, permissions[checkPermission[i]!]!)) allowed++
        }
        return allowed
      },
    }
  },
}
