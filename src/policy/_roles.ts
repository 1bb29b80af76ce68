import { isObject, show } from '../_util.js'
import { ordered } from '../catalogue/define.js'
import type { CatalogueIndex } from '../evaluate/_compile.js'
import type { Problem, ProblemCode } from '../model/problem.js'
import { type RoleFault, readRoleFields } from '../model/read-role.js'
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
export function readCustomRole(
  cat: CatalogueIndex,
  data: unknown,
  taken: ReadonlySet<string>,
  problems: Problem[],
): Role | undefined {
  const before = problems.length
  if (!isObject(data)) {
    fail(problems, 'data/invalid', `A custom role must be an object, got ${show(data)}.`)
    return undefined
  }
  // Each field is read once (a getter could answer differently twice), then validated as a plain record.
  const { id, name, description, permissions, derivedFrom } = data
  const read = readRoleFields({ id, name, description, permissions, derivedFrom })
  const faulty = (field: RoleFault['field']): boolean => !read.ok && read.faults.some((f) => f.field === field)
  const label = `Role ${show(id)}`
  if (faulty('id')) {
    fail(
      problems,
      'role/invalid-id',
      `${label} has an invalid id: use 1 to 64 lowercase letters, digits, ".", "_", ":" or "-", starting with a letter or digit.`,
      { roles: [String(id)] },
    )
  } else if (taken.has(id as string)) {
    const by = cat.defaultRoles.has(id as string) ? 'a default role' : 'another role'
    fail(problems, 'role/duplicate-id', `${label} already exists as ${by}; choose another id.`, {
      roles: [id as string],
    })
  }
  if (faulty('name')) fail(problems, 'data/invalid', `${label} needs a non-empty "name".`)
  if (faulty('description')) fail(problems, 'data/invalid', `${label} has a "description" that is not a string.`)
  if (faulty('permissions')) {
    fail(problems, 'data/invalid', `${label} needs "permissions", an array of permission ids.`)
  } else {
    const list = permissions as readonly string[]
    const unknown = [...new Set(list.filter((p) => !cat.index.has(p)))]
    if (unknown.length > 0) {
      fail(
        problems,
        'role/unknown-permission',
        `${label} names ${unknown.map((p) => show(p)).join(', ')}, not in the ${cat.catalogue.name} catalogue; use catalogue permission ids.`,
        { permissions: unknown },
      )
    }
  }
  if (derivedFrom !== undefined && (faulty('derivedFrom') || !cat.defaultRoles.has(derivedFrom as string))) {
    fail(
      problems,
      'role/unknown',
      `${label} is derived from ${show(derivedFrom)}, which is not a default role of the catalogue.`,
    )
  }
  if (problems.length > before || !read.ok) return undefined
  const fields = read.role
  const role: Role = {
    id: fields.id,
    name: fields.name,
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    permissions: Object.freeze(ordered(fields.permissions, cat.catalogue.permissions)),
    kind: 'custom',
    ...(fields.derivedFrom !== undefined ? { derivedFrom: fields.derivedFrom } : {}),
  }
  return Object.freeze(role)
}
