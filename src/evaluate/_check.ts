import { show } from '../_util.js'
import type { Problem } from '../model/problem.js'
import { has } from './_bits.js'
import { type Compiled, roleHolds } from './_compile.js'
import { accessOf, effective, readUser } from './_decide.js'

const list = (ids: readonly string[]): string => ids.map((id) => show(id)).join(', ')

/** Every problem with one user's assignment. Never throws: a malformed user is one `data/invalid` problem. */
export function checkCompiled(c: Compiled, user: unknown): Problem[] {
  const u = readUser(c, user)
  if (typeof u === 'string')
    return [{ code: 'data/invalid', severity: 'error', message: `The user is malformed (${u}); fix the user record.` }]
  const who = `User ${show(u.id)}`
  const problems: Problem[] = []
  const ids = (roles: readonly number[]): string[] => roles.map((r) => c.roles[r]?.id as string)

  if (u.unknown.length > 0) {
    problems.push({
      code: 'assignment/unknown-role',
      severity: 'error',
      message: `${who} holds ${u.unknown.length > 1 ? 'roles' : 'role'} ${list(u.unknown)} that the policy does not define; remove ${u.unknown.length > 1 ? 'them' : 'it'} or create the role.`,
      roles: u.unknown,
    })
  }

  // R8: a custom role derived from a default role counts as that role.
  for (const { roles: pair, reason } of c.cat.catalogue.exclusive) {
    const [a, b] = pair.map((id) => ids(u.roles.filter((r) => c.base[r] === id)))
    if (a?.length && b?.length) {
      problems.push({
        code: 'assignment/exclusive-roles',
        severity: 'error',
        message: `${who} may not hold ${list(a)} together with ${list(b)}: ${reason}`,
        roles: [...a, ...b],
      })
    }
  }

  // R9: a duplicate never beside the default role it came from.
  for (const r of u.roles) {
    const role = c.roles[r]
    const source =
      role?.kind === 'custom' && role.derivedFrom !== undefined ? c.roleIndex.get(role.derivedFrom) : undefined
    if (role && source !== undefined && u.roles.includes(source)) {
      problems.push({
        code: 'assignment/derived-with-source',
        severity: 'error',
        message: `${who} may not hold ${show(role.id)} together with ${show(role.derivedFrom)}, the role it was duplicated from: the permissions removed from the copy would come back; keep one of them.`,
        roles: [role.id, role.derivedFrom as string],
      })
    }
  }

  // R6: held permissions that stay ineffective even with a seat lack their prerequisite.
  const withSeat = effective(c, u.roles, true)
  const unusable: number[] = []
  for (let p = 0; p < c.cat.count; p++) {
    if (!has(withSeat, p) && u.roles.some((r) => roleHolds(c, r, p))) unusable.push(p)
  }
  if (unusable.length > 0) {
    const perms = unusable.map((p) => c.cat.ids[p] as string)
    problems.push({
      code: 'assignment/unusable-permission',
      severity: 'warning',
      message: `${who} holds ${list(perms)} but none of the prerequisites, so ${perms.length > 1 ? 'they have' : 'it has'} no effect; add a role that grants one.`,
      permissions: perms,
    })
  }

  // R10: seats.
  const access = accessOf(c, u.roles, u.seat)
  if (access.needsSeat && !u.seat) {
    problems.push({
      code: 'seat/missing',
      severity: 'warning',
      message: `${who} needs a seat for their roles but holds none, so only seat-free permissions work; grant a seat.`,
    })
  }
  if (u.seat && !access.needsSeat) {
    problems.push({
      code: 'seat/unused',
      severity: 'warning',
      message: `${who} holds a seat that none of their permissions needs; revoke it to free the seat.`,
    })
  }
  return problems
}
