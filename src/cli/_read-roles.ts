import { isObject } from '../_util.js'
import type { Catalogue } from '../catalogue/types.js'
import { SeatguardError } from '../errors.js'
import type { Problem } from '../model/problem.js'
import { type RoleFault, readRoleFields } from '../model/read-role.js'
import type { CustomRoleData } from '../model/role.js'
import { createPolicy } from '../policy/create.js'
import type { Policy } from '../policy/types.js'
import { brief, type Finding, finding, fromProblem, keyPath } from './_findings.js'
import { didYouMean, followedBy, sentence } from './_suggest.js'

const ROLE_KEYS = ['id', 'name', 'description', 'permissions', 'derivedFrom']

export interface ReadRoles {
  /** The policy of the catalogue in use with every custom role that passed (R3). */
  readonly policy: Policy
  readonly findings: readonly Finding[]
  /** Custom roles that were refused and are not in the policy: by id, the findings that refused them. */
  readonly rejected: ReadonlyMap<string, readonly Finding[]>
}

/** Shape problems of one custom role, each at its JSON path; the core checks the rest. */
function shapeOf(raw: unknown, at: string): Finding[] {
  const bad = (path: string, message: string): Finding => finding('error', path, 'data/invalid', message)
  if (!isObject(raw))
    return [bad(at, `A custom role must be an object with "id", "name" and "permissions", got ${brief(raw)}.`)]
  const out = Object.keys(raw)
    .filter((key) => !ROLE_KEYS.includes(key))
    .map((key) =>
      bad(
        keyPath(at, key),
        followedBy(
          `Unknown key ${JSON.stringify(key)} in a custom role${didYouMean(key, ROLE_KEYS)}`,
          `a role has ${ROLE_KEYS.map((k) => `"${k}"`).join(', ')}.`,
        ),
      ),
    )
  const read = readRoleFields(raw)
  if (read.ok) return out
  // The id and derivedFrom are the core's to word (placed below): they depend on the catalogue.
  const faulty = (field: RoleFault['field']): boolean => read.faults.some((f) => f.field === field && !('index' in f))
  if (faulty('name')) out.push(bad(`${at}.name`, 'A custom role needs a non-empty string "name".'))
  if (faulty('description')) out.push(bad(`${at}.description`, '"description" must be a string.'))
  if (faulty('permissions')) out.push(bad(`${at}.permissions`, '"permissions" must be an array of permission ids.'))
  for (const f of read.faults) {
    if (f.field !== 'permissions' || f.index === undefined) continue
    const permission: unknown = (raw.permissions as unknown[])[f.index]
    out.push(bad(`${at}.permissions[${f.index}]`, `A permission id must be a string, got ${brief(permission)}.`))
  }
  return out
}

/** R3: a `derivedFrom` that is not a default role, with the closest one, or the list when none is close. */
function derivedFromFinding(raw: Record<string, unknown>, at: string, catalogue: Catalogue): Finding {
  const ids = catalogue.roles.map((role) => role.id as string)
  const from = raw.derivedFrom
  const hint = typeof from === 'string' ? didYouMean(from, ids) : ''
  return finding(
    'error',
    `${at}.derivedFrom`,
    'role/unknown',
    sentence(
      `Role ${JSON.stringify(raw.id)} is derived from ${brief(from)}, which is not a default role of the ${catalogue.name} catalogue${hint === '' ? ` (${ids.join(', ')})` : hint}`,
    ),
  )
}

/** Places a core problem of role `at` on the field it is about. */
function placed(problem: Problem, raw: Record<string, unknown>, at: string, catalogue: Catalogue): Finding[] {
  switch (problem.code) {
    case 'role/invalid-id':
    case 'role/duplicate-id':
      return [fromProblem(problem, `${at}.id`)]
    case 'role/unknown': // R3: derivedFrom must name a default role
      return [derivedFromFinding(raw, at, catalogue)]
    case 'role/unknown-permission': {
      const list = raw.permissions as readonly string[]
      const ids = catalogue.permissions.map((permission) => permission.id as string)
      const known = new Set(ids)
      return list.flatMap((p, j) =>
        known.has(p) || list.indexOf(p) !== j
          ? []
          : [
              finding(
                'error',
                `${at}.permissions[${j}]`,
                problem.code,
                sentence(
                  `Role ${JSON.stringify(raw.id)} names ${JSON.stringify(p)}, which is not a permission of the ${catalogue.name} catalogue${didYouMean(p, ids)}`,
                ),
              ),
            ],
      )
    }
    default:
      return [fromProblem(problem, at)]
  }
}

/**
 * Reads the `roles` list of a policy file against `catalogue`. Each role is
 * validated on its own (R3: id, permissions, derivedFrom), then for an id already taken
 * by an earlier role, so every problem is reported at its own path, later roles are
 * still checked, and the cost stays linear in the number of roles.
 */
export function readRoles(list: readonly unknown[], catalogue: Catalogue): ReadRoles {
  const findings: Finding[] = []
  const accepted: CustomRoleData[] = []
  const rejected = new Map<string, Finding[]>()
  const seen = new Map<string, string>()
  list.forEach((raw, i) => {
    const at = `roles[${i}]`
    const before = findings.length
    const shape = shapeOf(raw, at)
    const data = raw as CustomRoleData
    if (shape.length > 0) {
      findings.push(...shape)
    } else {
      try {
        createPolicy(catalogue, [data])
        const first = seen.get(data.id)
        if (first === undefined) {
          seen.set(data.id, at)
          accepted.push(data)
          return
        }
        findings.push(
          finding(
            'error',
            `${at}.id`,
            'role/duplicate-id',
            `Role ${JSON.stringify(data.id)} already exists (${first}); choose another id.`,
          ),
        )
        return
      } catch (err) {
        if (!(err instanceof SeatguardError)) throw err
        findings.push(...err.problems.flatMap((p) => placed(p, raw as Record<string, unknown>, at, catalogue)))
      }
    }
    // Kept with what refused it: a user who holds this id is told what is wrong with the role.
    if (isObject(raw) && typeof raw.id === 'string')
      rejected.set(raw.id, [...(rejected.get(raw.id) ?? []), ...findings.slice(before)])
  })
  const policy = createPolicy(catalogue, accepted)
  for (const role of policy.roles) rejected.delete(role.id)
  return { policy, findings, rejected }
}
