import type { Contender } from '../_contender.js'
import type { BenchUser, Scenario } from '../_scenario.js'

/**
 * The floor for checks on plain user objects: no library and no validation. A check reads
 * the record it is given (`roles`, `seat`), ORs one precomputed word per role and tests one
 * bit, which is the least any `can(user, permission)` must do. Its rate on prebuilt records
 * bounds what seatguard (or anything else) can reach in that mode on this machine.
 */
export const floor: Contender = {
  name: 'plain objects, no library (reference)',
  seatRule: 'Inline: a seatless user’s role words are ANDed with the seat-free mask.',
  load(s: Scenario) {
    const words = 2
    const number: Record<string, number> = Object.create(null)
    s.permissions.forEach((p, i) => {
      number[p] = i
    })
    const roles = [...s.defaultRoles, ...s.customRoles]
    const masks = new Uint32Array(roles.length * words)
    const row: Record<string, number> = Object.create(null)
    roles.forEach((role, r) => {
      row[role.id] = r * words
      for (const p of role.permissions) masks[r * words + (number[p]! >>> 5)]! |= 1 << (number[p]! & 31)
    })
    const free = new Uint32Array(words)
    free[number[s.view]! >>> 5]! |= 1 << (number[s.view]! & 31)

    const allows = (user: BenchUser, permission: string): boolean => {
      const p = number[permission]!
      const w = p >>> 5
      const held = user.roles
      let word = 0
      for (let i = 0; i < held.length; i++) word |= masks[row[held[i]!]! + w]!
      if (!user.seat) word &= free[w]!
      return (word & (1 << (p & 31))) !== 0
    }

    const byId = new Map(s.users.map((u) => [u.id, u]))
    const { checkUser, checkPermission, permissions } = s
    const users: readonly BenchUser[] = s.users
    const ids = s.users.map((u) => u.id)
    return {
      prebuilt(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) if (allows(users[checkUser[i]!]!, permissions[checkPermission[i]!]!)) allowed++
        return allowed
      },
      fresh(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const u = users[checkUser[i]!]!
          if (allows({ id: u.id, roles: u.roles.slice(), seat: u.seat }, permissions[checkPermission[i]!]!)) allowed++
        }
        return allowed
      },
      byId(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const u = byId.get(ids[checkUser[i]!]!)
          if (u !== undefined && allows(u, permissions[checkPermission[i]!]!)) allowed++
        }
        return allowed
      },
    }
  },
}
