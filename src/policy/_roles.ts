import { ordered } from '../catalogue/define.js'
import type { CatalogueIndex } from '../evaluate/_compile.js'
import { ROLE_ID, isObject, isStringArray, isText, show } from '../_util.js'
import type { Problem, ProblemCode } from '../model/problem.js'
import type { Role } from '../model/role.js'

const fail = (problems: Problem[], code: ProblemCode, message: string, extra: Partial<Problem> = {}): void => {
  problems.push({ code, severity: 'error', message, ...extra })
}

/** The default roles of a catalogue as policy roles. */
export function defaultRoles(cat: CatalogueIndex): Role[] {
  return cat.catalogue.roles.map((r) => Object.freeze({ ...r, kind: 'default' as const }))
}

/**
 * Validates one custom role (R3) against the catalogue and the ids already taken, and
 * returns it normalised (permissions deduplicated, in catalogue order) and frozen; or
 * undefined after pushing every problem found.
 */
export function readCustomRole(cat: CatalogueIndex, data: unknown, taken: ReadonlySet<string>, problems: Problem[]): Role | undefined {
  const before = problems.length
  if (!isObject(data)) {
    fail(problems, 'data/invalid', `A custom role must be an object, got ${show(data)}.`)
    return undefined
  }
  const { id, name, description, permissions, derivedFrom } = data
  const label = `Role ${show(id)}`
  if (typeof id !== 'string' || !ROLE_ID.test(id)) {
    fail(problems, 'role/invalid-id', `${label} has an invalid id: use 1 to 64 lowercase letters, digits, ".", "_", ":" or "-", starting with a letter or digit.`, { roles: [String(id)] })
  } else if (taken.has(id)) {
    const by = cat.defaultRoles.has(id) ? 'a default role' : 'another role'
    fail(problems, 'role/duplicate-id', `${label} already exists as ${by}; choose another id.`, { roles: [id] })
  }
  if (!isText(name)) fail(problems, 'data/invalid', `${label} needs a non-empty "name".`)
  if (description !== undefined && typeof description !== 'string') fail(problems, 'data/invalid', `${label} has a "description" that is not a string.`)
  if (!isStringArray(permissions)) {
    fail(problems, 'data/invalid', `${label} needs "permissions", an array of permission ids.`)
  } else {
    const unknown = [...new Set(permissions.filter((p) => !cat.index.has(p)))]
    if (unknown.length > 0) {
      fail(problems, 'role/unknown-permission', `${label} names ${unknown.map((p) => show(p)).join(', ')}, not in the ${cat.catalogue.name} catalogue; use catalogue permission ids.`, { permissions: unknown })
    }
  }
  if (derivedFrom !== undefined && (typeof derivedFrom !== 'string' || !cat.defaultRoles.has(derivedFrom))) {
    fail(problems, 'role/unknown', `${label} is derived from ${show(derivedFrom)}, which is not a default role of the catalogue.`)
  }
  if (problems.length > before) return undefined
  const role: Role = {
    id: id as string,
    name: name as string,
    ...(typeof description === 'string' ? { description } : {}),
    permissions: Object.freeze(ordered(permissions as string[], cat.catalogue.permissions)),
    kind: 'custom',
    ...(typeof derivedFrom === 'string' ? { derivedFrom } : {}),
  }
  return Object.freeze(role)
}
