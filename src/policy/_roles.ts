import { isObject, show } from '../_util.js'
import { ordered } from '../catalogue/define.js'
import { SeatguardError } from '../errors.js'
import type { CatalogueIndex } from '../evaluate/_compile.js'
import { stringsOf } from '../model/_fields.js'
import type { Problem, ProblemCode } from '../model/problem.js'
import { type RoleFault, readRoleFields } from '../model/read-role.js'
import type { Role } from '../model/role.js'

const fail = (problems: Problem[], code: ProblemCode, message: string, extra: Partial<Problem> = {}): void => {
  problems.push({ code, severity: 'error', message, ...extra })
}

/** R3: pushes one role/unknown-permission problem naming every id of `list` the catalogue lacks. */
function unknownPermissions(cat: CatalogueIndex, label: string, list: readonly string[], problems: Problem[]): void {
  const unknown = [...new Set(list.filter((p) => !cat.index.has(p)))]
  if (unknown.length === 0) return
  fail(
    problems,
    'role/unknown-permission',
    `${label} names ${unknown.map((p) => show(p)).join(', ')}, not in the ${cat.catalogue.name} catalogue; use catalogue permission ids.`,
    { permissions: unknown },
  )
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
    unknownPermissions(cat, label, permissions as readonly string[], problems)
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

/** The permission fields of an updateRole patch, each read once. */
export interface PermissionEdit {
  readonly permissions: unknown
  readonly add: unknown
  readonly remove: unknown
}

/**
 * The permission list an updateRole patch gives `role` (R3): `permissions` as it is (the whole
 * new list, validated with the rest of the role), or the role's list without `remove` and with
 * `add`; absent when the patch names none. Ids of add or remove the catalogue lacks go to
 * `problems` (role/unknown-permission), so they are listed with the patch's other faults. A
 * patch that gives `permissions` with add or remove, names an id in both, or whose add or
 * remove is not a list of strings, throws data/invalid.
 */
export function editedPermissions(
  cat: CatalogueIndex,
  role: Role,
  edit: PermissionEdit,
  problems: Problem[],
): { readonly permissions?: unknown } {
  const label = `Role ${show(role.id)}`
  if (edit.add === undefined && edit.remove === undefined)
    return edit.permissions === undefined ? {} : { permissions: edit.permissions }
  if (edit.permissions !== undefined)
    throw new SeatguardError(
      'data/invalid',
      `${label}: give either "permissions" (the whole new list) or "add" and "remove" (changes to the current list), not both.`,
    )
  const add = idList(label, 'add', edit.add)
  const remove = new Set(idList(label, 'remove', edit.remove))
  const both = add.find((p) => remove.has(p))
  if (both !== undefined)
    throw new SeatguardError('data/invalid', `${label}: ${show(both)} is in both "add" and "remove"; name it in one.`)
  unknownPermissions(cat, label, [...add, ...remove], problems)
  const kept = role.permissions.filter((p) => !remove.has(p))
  return { permissions: [...kept, ...add.filter((p) => cat.index.has(p))] }
}

/** The strings of an `add` or `remove` list (absent: none), read once by index. */
function idList(label: string, field: 'add' | 'remove', value: unknown): readonly string[] {
  if (value === undefined) return []
  const bad = (detail: string): SeatguardError =>
    new SeatguardError('data/invalid', `${label}: "${field}" must be a list of permission ids${detail}.`)
  if (!Array.isArray(value)) throw bad(`, got ${show(value)}`)
  return stringsOf(value, (index) => {
    throw bad(`; item ${index} is not a string`)
  })
}
