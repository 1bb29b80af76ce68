import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability'
import type { Contender } from '../_contender.js'
import type { BenchUser, Scenario } from '../_scenario.js'

type Ability = MongoAbility<[string, 'Conversation']>
type Rule = RawRuleOf<Ability>

const SUBJECT = 'Conversation'

/**
 * CASL: every permission id is an action on one subject type. Rules are plain JSON, kept
 * per role (one rule per role, its actions as an array); an ability is built per user from
 * the rules of their roles, and the seat rule is applied while building it: a seatless
 * user gets each role's seat-free actions only.
 */
export const casl: Contender = {
  name: 'CASL',
  pkg: '@casl/ability',
  seatRule:
    'In the ability builder: each role has one rule (its permission ids as actions on one subject type); for a seatless user only the seat-free actions of each role are added, so the ability allows view only.',
  load(s: Scenario) {
    const seated = new Map<string, Rule[]>()
    const seatless = new Map<string, Rule[]>()
    for (const role of [...s.defaultRoles, ...s.customRoles]) {
      seated.set(role.id, [{ action: [...role.permissions], subject: SUBJECT }])
      const free = role.permissions.filter((p) => p === s.view)
      seatless.set(role.id, free.length > 0 ? [{ action: free, subject: SUBJECT }] : [])
    }
    const abilityFor = (user: { roles: readonly string[]; seat: boolean }): Ability =>
      createMongoAbility<Ability>(user.roles.flatMap((r) => (user.seat ? seated : seatless).get(r) ?? []))

    const abilities = s.users.map(abilityFor)
    const byId = new Map(s.users.map((u, i) => [u.id, abilities[i]!]))
    const { checkUser, checkPermission, permissions } = s
    const users: readonly BenchUser[] = s.users
    const ids = s.users.map((u) => u.id)
    return {
      prebuilt(n) {
        let allowed = 0
        for (let i = 0; i < n; i++)
          if (abilities[checkUser[i]!]!.can(permissions[checkPermission[i]!]!, SUBJECT)) allowed++
        return allowed
      },
      fresh(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const u = users[checkUser[i]!]!
          const user = { id: u.id, roles: u.roles.slice(), seat: u.seat }
          if (abilityFor(user).can(permissions[checkPermission[i]!]!, SUBJECT)) allowed++
        }
        return allowed
      },
      byId(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const ability = byId.get(ids[checkUser[i]!]!)
          if (ability?.can(permissions[checkPermission[i]!]!, SUBJECT)) allowed++
        }
        return allowed
      },
    }
  },
}
