import { deepFreeze, isObject, isStringArray, isText, show } from '../_util.js'
import { SeatguardError } from '../errors.js'
import { ROLE_ID } from '../model/ids.js'
import type { Problem } from '../model/problem.js'
import type {
  Catalogue,
  CatalogueDefinition,
  DefaultRole,
  ExclusivePair,
  Permission,
  PermissionDefinition,
  PermissionReach,
  RoleDefinition,
} from './types.js'

const PERMISSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/
const defined = new WeakSet<object>()

/**
 * Validates a catalogue definition and returns it normalised and frozen. Every problem
 * found (unknown references, prerequisite cycles, bad ids, missing names) is listed in
 * the thrown error, whose code is `catalogue/invalid`.
 *
 * @example
 * ```ts
 * import { createPolicy, defineCatalogue } from 'seatguard'
 * const helpdesk = defineCatalogue({
 *   id: 'helpdesk', name: 'Helpdesk', version: '1',
 *   permissions: {
 *     'tickets/view': { name: 'View tickets', description: 'Read every ticket.', group: 'basic', seat: false },
 *     'tickets/reply': { name: 'Reply', description: 'Answer customers.', group: 'work', requires: ['tickets/view'] },
 *   },
 *   roles: { agent: { name: 'Agent', permissions: ['tickets/view', 'tickets/reply'] } },
 * })
 * createPolicy(helpdesk).can({ id: 'u1', roles: ['agent'], seat: true }, 'tickets/reply') // true
 * ```
 */
export function defineCatalogue<const TPermission extends string, const TRole extends string>(
  definition: CatalogueDefinition<TPermission, TRole>,
): Catalogue<TPermission, TRole> {
  if (defined.has(definition)) return definition as unknown as Catalogue<TPermission, TRole>
  const problems: string[] = []
  let catalogue: Catalogue | undefined
  let cause: unknown
  let label = ''
  try {
    catalogue = normalise(definition as unknown, problems)
    label = isObject(definition) && typeof definition.id === 'string' ? ` ${show(definition.id)}` : ''
  } catch (err) {
    // A getter or proxy that throws: still an invalid definition, never a bare TypeError.
    cause = err
    problems.push('the definition could not be read (reading one of its properties threw)')
  }
  if (problems.length > 0 || catalogue === undefined) {
    const list: Problem[] = problems.map((message) => ({ code: 'catalogue/invalid', severity: 'error', message }))
    throw new SeatguardError('catalogue/invalid', `Invalid catalogue${label}: ${problems.join('; ')}.`, {
      problems: list,
      cause,
    })
  }
  defined.add(deepFreeze(catalogue))
  return catalogue as Catalogue<TPermission, TRole>
}

/** True for a catalogue that {@link defineCatalogue} built (or that passed its checks). */
export function isDefinedCatalogue(value: unknown): value is Catalogue {
  return typeof value === 'object' && value !== null && defined.has(value)
}

/** Makes sure a value is a valid catalogue: one built by defineCatalogue, or data that passes its checks. */
export function ensureCatalogue(value: unknown): Catalogue {
  if (isDefinedCatalogue(value)) return value
  let shaped = false
  try {
    shaped = isObject(value) && Array.isArray(value.permissions) && Array.isArray(value.roles)
  } catch {
    // a getter or proxy that throws: not a catalogue
  }
  if (!shaped) {
    throw new SeatguardError('catalogue/invalid', 'Invalid catalogue: pass the result of defineCatalogue().')
  }
  // A normalised catalogue that lost its identity (structured clone, JSON): rebuild it.
  const c = value as unknown as Catalogue
  const byId = (list: readonly unknown[]): Record<string, unknown> =>
    Object.fromEntries(
      list.map((item) =>
        isObject(item) && typeof item.id === 'string' ? [item.id, withoutId(item)] : [show(item), item],
      ),
    )
  // defineCatalogue reports what it reads through getters; this rebuild reads elements first.
  let definition: unknown
  try {
    definition = {
      id: c.id,
      name: c.name,
      version: c.version,
      permissions: byId(c.permissions),
      roles: byId(c.roles),
      exclusive: c.exclusive,
      capacity: c.capacity,
    }
  } catch (err) {
    throw new SeatguardError(
      'catalogue/invalid',
      'Invalid catalogue: it could not be read (reading one of its properties threw).',
      { cause: err },
    )
  }
  // Unchecked data on purpose: defineCatalogue validates every field and reports what is wrong.
  return defineCatalogue(definition as CatalogueDefinition<string, string>)
}

function withoutId({ id: _id, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return rest
}

/**
 * Builds a catalogue from a definition known to be valid, without the validator, so a
 * bundle that only needs the built-in catalogue does not carry it. The result has the
 * same shape as defineCatalogue's (a test holds the built-in data to that).
 */
export function trustedCatalogue<const TPermission extends string, const TRole extends string>(
  def: CatalogueDefinition<TPermission, TRole>,
): Catalogue<TPermission, TRole> {
  const permissions: Permission[] = Object.entries<PermissionDefinition>(def.permissions).map(([id, p]) => ({
    id,
    name: p.name,
    description: p.description,
    group: p.group,
    seat: p.seat !== false,
    requires: [...(p.requires ?? [])],
    ...(p.reach === undefined ? {} : { reach: p.reach }),
  }))
  const roles: DefaultRole[] = Object.entries<RoleDefinition>(def.roles).map(([id, r]) => ({
    id,
    name: r.name,
    permissions: ordered(r.permissions, permissions),
    ...(r.description === undefined ? {} : { description: r.description }),
  }))
  const { id, name, version, exclusive = [], capacity = [] } = def
  const catalogue = {
    id,
    name,
    version,
    permissions,
    roles,
    exclusive: [...exclusive],
    capacity: ordered(capacity, permissions),
  }
  defined.add(deepFreeze(catalogue))
  return catalogue as unknown as Catalogue<TPermission, TRole>
}

const REACHES: readonly unknown[] = ['all', 'queue', 'assigned'] satisfies readonly PermissionReach[]

/** R20: a declared reach is one of the three, and only on a permission without prerequisites. */
function readReach(where: string, p: Record<string, unknown>, problems: string[]): PermissionReach | undefined {
  if (p.reach === undefined) return undefined
  if (!REACHES.includes(p.reach)) {
    problems.push(`${where} has "reach" ${show(p.reach)}; use "all", "queue" or "assigned"`)
    return undefined
  }
  if (p.requires !== undefined && (!Array.isArray(p.requires) || p.requires.length > 0)) {
    problems.push(`${where} declares "reach" but has prerequisites, whose reach it inherits; remove "reach"`)
  }
  return p.reach as PermissionReach
}

// A field already reported as invalid keeps its place as ''; String() would throw on an object without a prototype.
const asText = (value: unknown): string => (typeof value === 'string' ? value : '')

function normalise(def: unknown, problems: string[]): Catalogue | undefined {
  if (!isObject(def)) {
    problems.push('the definition must be an object')
    return undefined
  }
  for (const key of ['id', 'name', 'version'] as const) {
    if (!isText(def[key])) problems.push(`"${key}" must be a non-empty string`)
  }
  const permissionEntries = isObject(def.permissions) ? Object.entries(def.permissions) : []
  const roleEntries = isObject(def.roles) ? Object.entries(def.roles) : []
  if (permissionEntries.length === 0) problems.push('"permissions" must be an object with at least one permission')
  if (!isObject(def.roles)) problems.push('"roles" must be an object')
  const known = new Set(permissionEntries.map(([id]) => id))
  const unknown = (where: string, ids: unknown): string[] => {
    if (!isStringArray(ids)) {
      problems.push(`${where} must be an array of permission ids`)
      return []
    }
    for (const id of ids) if (!known.has(id)) problems.push(`${where} names unknown permission ${show(id)}`)
    return [...new Set(ids.filter((id) => known.has(id)))]
  }

  const permissions: Permission[] = permissionEntries.map(([id, raw]) => {
    const where = `permission ${show(id)}`
    if (!PERMISSION_ID.test(id))
      problems.push(`${where} has an invalid id (letters, digits and . _ : / -, at most 128)`)
    const p = isObject(raw) ? raw : {}
    if (!isObject(raw)) problems.push(`${where} must be an object`)
    if (!isText(p.name)) problems.push(`${where} needs a non-empty "name"`)
    if (typeof p.description !== 'string') problems.push(`${where} needs a "description"`)
    if (!isText(p.group)) problems.push(`${where} needs a non-empty "group"`)
    if (p.seat !== undefined && typeof p.seat !== 'boolean') problems.push(`${where} has a non-boolean "seat"`)
    const requires = p.requires === undefined ? [] : unknown(`${where} "requires"`, p.requires)
    if (requires.includes(id)) problems.push(`${where} requires itself`)
    const reach = readReach(where, p, problems)
    return {
      id,
      name: asText(p.name),
      description: asText(p.description),
      group: asText(p.group),
      seat: p.seat !== false,
      requires,
      ...(reach === undefined ? {} : { reach }),
    }
  })
  findCycle(permissions, problems)

  const roles: DefaultRole[] = roleEntries.map(([id, raw]) => {
    const where = `role ${show(id)}`
    if (!ROLE_ID.test(id)) problems.push(`${where} has an invalid id (must match ${ROLE_ID.source})`)
    const r = isObject(raw) ? raw : {}
    if (!isText(r.name)) problems.push(`${where} needs a non-empty "name"`)
    if (r.description !== undefined && typeof r.description !== 'string')
      problems.push(`${where} has a non-string "description"`)
    const role: DefaultRole = {
      id,
      name: asText(r.name),
      permissions: ordered(unknown(`${where} "permissions"`, r.permissions), permissions),
    }
    return typeof r.description === 'string' ? { ...role, description: r.description } : role
  })

  const roleIds = new Set(roles.map((r) => r.id))
  const exclusive: ExclusivePair[] = []
  if (def.exclusive !== undefined && !Array.isArray(def.exclusive)) problems.push('"exclusive" must be an array')
  for (const [i, raw] of (Array.isArray(def.exclusive) ? def.exclusive : []).entries()) {
    const pair = isObject(raw) && Array.isArray(raw.roles) ? raw.roles : []
    const [a, b] = pair
    if (pair.length !== 2 || typeof a !== 'string' || typeof b !== 'string' || a === b) {
      problems.push(`exclusive[${i}] must name two different roles`)
    } else {
      for (const id of [a, b]) if (!roleIds.has(id)) problems.push(`exclusive[${i}] names unknown role ${show(id)}`)
      if (!isObject(raw) || !isText(raw.reason)) problems.push(`exclusive[${i}] needs a non-empty "reason"`)
      else exclusive.push({ roles: [a, b], reason: raw.reason })
    }
  }
  const capacity = def.capacity === undefined ? [] : ordered(unknown('"capacity"', def.capacity), permissions)
  return {
    id: asText(def.id),
    name: asText(def.name),
    version: asText(def.version),
    permissions,
    roles,
    exclusive,
    capacity,
  }
}

/** Returns the ids in catalogue order, without duplicates (the canonical form of a permission list). */
export function ordered(ids: readonly string[], permissions: readonly Permission[]): string[] {
  const wanted = new Set(ids)
  return permissions.filter((p) => wanted.has(p.id)).map((p) => p.id)
}

function findCycle(permissions: readonly Permission[], problems: string[]): void {
  const requires = new Map(permissions.map((p) => [p.id, p.requires]))
  const state = new Map<string, 'open' | 'done'>()
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return
    if (state.get(id) === 'open') {
      problems.push(`prerequisite cycle: ${[...path.slice(path.indexOf(id)), id].join(' -> ')}`)
      return
    }
    state.set(id, 'open')
    for (const next of requires.get(id) ?? []) if (next !== id) visit(next, [...path, id])
    state.set(id, 'done')
  }
  for (const p of permissions) visit(p.id, [])
}
