import type { Contender } from '../_contender.js'
import type { Scenario } from '../_scenario.js'

/**
 * The floor: no library, no validation. Each user's effective permissions are folded into
 * two 32-bit words at load (seat rule applied); a check is a map lookup of the permission
 * string and one bit test. What an authorization library could at best approach.
 */
export const bitset: Contender = {
  name: 'plain bitset (reference)',
  seatRule: 'Folded in at load: a seatless user’s mask is ANDed with the seat-free mask.',
  load(s: Scenario) {
    const index = new Map(s.permissions.map((p, i) => [p, i]))
    const maskOf = (perms: readonly string[]): [number, number] => {
      const m: [number, number] = [0, 0]
      for (const p of perms) {
        const i = index.get(p)!
        m[i >>> 5] = (m[i >>> 5]! | (1 << (i & 31))) >>> 0
      }
      return m
    }
    const roleMask = new Map([...s.defaultRoles, ...s.customRoles].map((r) => [r.id, maskOf(r.permissions)]))
    const free = maskOf([s.view])
    const masks = new Uint32Array(s.users.length * 2)
    s.users.forEach((u, i) => {
      for (const r of u.roles) {
        const m = roleMask.get(r)!
        masks[i * 2] = (masks[i * 2]! | m[0]) & (u.seat ? -1 : free[0])
        masks[i * 2 + 1] = (masks[i * 2 + 1]! | m[1]) & (u.seat ? -1 : free[1])
      }
    })
    const byId = new Map(s.users.map((u, i) => [u.id, i]))
    const { checkUser, checkPermission, permissions, users } = s
    const ids = users.map((u) => u.id)
    const test = (u: number, perm: string): boolean => {
      const p = index.get(perm)
      return p !== undefined && (masks[u * 2 + (p >>> 5)]! & (1 << (p & 31))) !== 0
    }
    return {
      prebuilt(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) if (test(checkUser[i]!, permissions[checkPermission[i]!]!)) allowed++
        return allowed
      },
      fresh(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const u = users[checkUser[i]!]!
          const user = { id: u.id, roles: u.roles.slice(), seat: u.seat }
          const p = index.get(permissions[checkPermission[i]!]!)!
          let word = 0
          for (const r of user.roles) word |= roleMask.get(r)![p >>> 5]!
          if (!user.seat) word &= free[p >>> 5]!
          if ((word & (1 << (p & 31))) !== 0) allowed++
        }
        return allowed
      },
      byId(n) {
        let allowed = 0
        for (let i = 0; i < n; i++) {
          const u = byId.get(ids[checkUser[i]!]!)
          if (u !== undefined && test(u, permissions[checkPermission[i]!]!)) allowed++
        }
        return allowed
      },
    }
  },
}
