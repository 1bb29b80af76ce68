import { show } from '../_util.js'
import type { Problem } from '../model/problem.js'
import { has } from './_bits.js'
import { type CheckFinding, type Compiled, roleHolds } from './_compile.js'
import { accessOf, CACHE_LIMIT, effective, type ReadUser, readUser, roleNumbers, unknownRoles } from './_decide.js'

const list = (ids: readonly string[]): string => ids.map((id) => show(id)).join(', ')

/** Every problem with one user's assignment. Never throws: a malformed user is one `data/invalid` problem. */
export function checkCompiled(c: Compiled, user: unknown): Problem[] {
  const u = readUser(c, user)
  if (typeof u === 'string')
    return [{ code: 'data/invalid', severity: 'error', message: `The user is malformed (${u}); fix the user record.` }]
  return checkRead(c, u)
}

/**
 * `check` for a user the one reader has already read: a write the service validated (R14, R38)
 * is not read a second time. The same problems as {@link checkCompiled} on that user.
 */
export function checkValid(c: Compiled, id: string, roles: readonly string[], seat: boolean): Problem[] {
  return checkRead(c, { id, roles: roleNumbers(c, roles), unknown: unknownRoles(c, roles), seat })
}

function checkRead(c: Compiled, u: Pick<ReadUser, 'id' | 'roles' | 'unknown' | 'seat'>): Problem[] {
  const problems: Problem[] = []
  if (u.unknown.length > 0) {
    problems.push({
      code: 'assignment/unknown-role',
      severity: 'error',
      message: `User ${show(u.id)} holds ${u.unknown.length > 1 ? 'roles' : 'role'} ${list(u.unknown)} that the policy does not define; remove ${u.unknown.length > 1 ? 'them' : 'it'} or create the role.`,
      roles: u.unknown,
    })
  }
  // The rest depends on the roles (in the user's order) and the seat only: found once per
  // combination, so checking a batch of thousands of users (R38) words each finding once.
  const key = `${u.roles.join(',')}${u.seat ? '+' : '-'}`
  let found = c.checks.get(key)
  if (found === undefined) {
    found = Object.freeze(findings(c, u.roles, u.seat))
    if (c.checks.size >= CACHE_LIMIT) c.checks.clear()
    c.checks.set(key, found)
  }
  if (found.length === 0) return problems
  const who = `User ${show(u.id)}`
  for (const f of found) {
    // Fresh lists each time: the caller owns the problems it gets.
    const { roles, permissions } = f
    problems.push({
      ...f,
      message: `${who}${f.message}`,
      ...(roles === undefined ? {} : { roles: [...roles] }),
      ...(permissions === undefined ? {} : { permissions: [...permissions] }),
    })
  }
  return problems
}

/** R6, R8, R9 and R10 for a role combination, each message worded after the user's name. */
function findings(c: Compiled, roles: readonly number[], seat: boolean): CheckFinding[] {
  const problems: CheckFinding[] = []
  const ids = (held: readonly number[]): string[] => held.map((r) => c.roles[r]?.id as string)

  // R8: a custom role derived from a default role counts as that role.
  for (const { roles: pair, reason } of c.cat.catalogue.exclusive) {
    const [a, b] = pair.map((id) => ids(roles.filter((r) => c.base[r] === id)))
    if (a?.length && b?.length) {
      problems.push({
        code: 'assignment/exclusive-roles',
        severity: 'error',
        message: ` may not hold ${list(a)} together with ${list(b)}: ${reason}`,
        roles: [...a, ...b],
      })
    }
  }

  // R9: a duplicate never beside the default role it came from.
  for (const r of roles) {
    const role = c.roles[r]
    const source =
      role?.kind === 'custom' && role.derivedFrom !== undefined ? c.roleIndex.get(role.derivedFrom) : undefined
    if (role && source !== undefined && roles.includes(source)) {
      problems.push({
        code: 'assignment/derived-with-source',
        severity: 'error',
        message: ` may not hold ${show(role.id)} together with ${show(role.derivedFrom)}, the role it was duplicated from: the permissions removed from the copy would come back; keep one of them.`,
        roles: [role.id, role.derivedFrom as string],
      })
    }
  }

  // R6: held permissions that stay ineffective even with a seat lack their prerequisite.
  const withSeat = effective(c, roles, true)
  const unusable: number[] = []
  for (let p = 0; p < c.cat.count; p++) {
    if (!has(withSeat, p) && roles.some((r) => roleHolds(c, r, p))) unusable.push(p)
  }
  if (unusable.length > 0) {
    const perms = unusable.map((p) => c.cat.ids[p] as string)
    problems.push({
      code: 'assignment/unusable-permission',
      severity: 'warning',
      message: ` holds ${list(perms)} but none of the prerequisites, so ${perms.length > 1 ? 'they have' : 'it has'} no effect; add a role that grants one.`,
      permissions: perms,
    })
  }

  // R10: seats.
  const access = accessOf(c, roles, seat)
  if (access.needsSeat && !seat) {
    problems.push({
      code: 'seat/missing',
      severity: 'warning',
      message: ` needs a seat for their roles but holds none, so only seat-free permissions work; grant a seat.`,
    })
  }
  if (seat && !access.needsSeat) {
    problems.push({
      code: 'seat/unused',
      severity: 'warning',
      message: ` holds a seat that none of their permissions needs; revoke it to free the seat.`,
    })
  }
  for (const p of problems) Object.freeze(p)
  return problems
}
