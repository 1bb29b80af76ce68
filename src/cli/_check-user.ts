import { show } from '../_util.js'
import type { Problem } from '../model/problem.js'
import type { User } from '../model/user.js'
import type { Policy } from '../policy/types.js'
import { type Finding, finding, fromProblem } from './_findings.js'
import type { FileUser } from './_read-users.js'
import { didYouMean } from './_suggest.js'

/** What a refused role's finding says is wrong with it, in a few words for a user's message. */
const DEFECTS: Readonly<Record<string, string>> = {
  'role/invalid-id': 'not a valid role id',
  'role/duplicate-id': 'an id already taken',
  'role/unknown-permission': 'not a permission of the catalogue',
  'role/unknown': 'not a default role to derive from',
  'data/invalid': 'malformed',
}

const SEAT_ADVICE = new Set(['seat/missing', 'seat/unused'])

/** `roles[1].id: not a valid role id; roles[1].permissions[0]: …` */
const defects = (refusal: readonly Finding[]): string =>
  refusal.map((f) => `${f.path}: ${DEFECTS[f.code] ?? f.code}`).join('; ')

/** R3, R13: holding a role the file defines badly; the role grants nothing, so the seat cannot be judged. */
function refusedRole(fileUser: FileUser, role: string, refusal: readonly Finding[]): Finding {
  const { user, path } = fileUser
  return finding(
    'error',
    `${path}.roles[${user.roles.indexOf(role)}]`,
    'assignment/unknown-role',
    `User ${show(user.id)} holds ${show(role)}, a role this file defines badly (${defects(refusal)}); it grants nothing until it is fixed there, and the user's seat is not judged until then.`,
  )
}

/** R13: one finding per unknown role id, at its `roles[j]`, with the closest role id of the policy. */
function unknownRoles(problem: Problem, fileUser: FileUser, policy: Policy): Finding[] {
  const { user, path } = fileUser
  const ids = policy.roles.map((r) => r.id)
  return (problem.roles ?? []).map((role) => {
    const hint = didYouMean(role, ids)
    return finding(
      'error',
      `${path}.roles[${user.roles.indexOf(role)}]`,
      problem.code,
      `User ${show(user.id)} holds role ${show(role)} that the policy does not define${hint === '' ? '; remove it or create the role.' : hint}`,
    )
  })
}

/** Where in a user record a problem of the core's `check` belongs. */
const pathOf = (code: string, { path }: FileUser): string => (SEAT_ADVICE.has(code) ? `${path}.seat` : `${path}.roles`)

/**
 * Every finding for one valid user of a file: the core's `check` on the roles the policy
 * holds, plus an error for each role the file defines badly (it was refused, so `check`
 * alone would say nothing, or advise freeing a seat the user needs). Seat advice (R10) is
 * left out for a user with an error: what they need is not known until the error is fixed.
 */
export function checkUser(
  policy: Policy,
  fileUser: FileUser,
  rejected: ReadonlyMap<string, readonly Finding[]>,
): Finding[] {
  const held = [...new Set(fileUser.user.roles)]
  const out = held.flatMap((role) => {
    const refusal = rejected.get(role)
    return refusal === undefined ? [] : [refusedRole(fileUser, role, refusal)]
  })
  const user: User = { ...fileUser.user, roles: fileUser.user.roles.filter((r) => !rejected.has(r)) }
  for (const problem of policy.check(user)) {
    if (problem.code === 'assignment/unknown-role') out.push(...unknownRoles(problem, fileUser, policy))
    else out.push(fromProblem(problem, pathOf(problem.code, fileUser)))
  }
  return out.some((f) => f.severity === 'error') ? out.filter((f) => !SEAT_ADVICE.has(f.code)) : out
}
