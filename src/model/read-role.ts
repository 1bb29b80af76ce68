import { isObject, isText } from '../_util.js'
import { badVersion, stringsOf, type VersionRule } from './_fields.js'
import { ROLE_ID } from './ids.js'

/**
 * One thing wrong with a custom role record: the field, and for a permission id that is
 * not a string, its position in `permissions`. `role` means the value is not an object.
 */
export type RoleFault =
  | { readonly field: 'role' | 'id' | 'name' | 'description' | 'derivedFrom' | 'version' }
  | { readonly field: 'permissions'; readonly index?: number }

/** The fields of a well-formed custom role record, read once from the caller's value. */
export interface RoleFields {
  readonly id: string
  readonly name: string
  readonly description: string | undefined
  /** A copy of the permission ids, each read once, in the caller's order (repeats kept). */
  readonly permissions: readonly string[]
  readonly derivedFrom: string | undefined
  /** The record's version, when the rules read one. */
  readonly version: number | undefined
}

/** What a well-formed role record is in one context. */
export interface RoleRules {
  /** A stored record's `version` (R16): `allowed` (a whole number ≥ 0 when present) or `required`; else ignored. */
  readonly version?: VersionRule
}

/** A read role: its fields, or every fault found, in field order (then each permission). */
export type RoleRead =
  | { readonly ok: true; readonly role: RoleFields }
  | { readonly ok: false; readonly faults: readonly RoleFault[] }

/**
 * The one definition of a well-formed custom role record (R3): an object whose `id` matches
 * the role id pattern, with a non-empty `name`, an optional string `description`,
 * `permissions` an array whose every slot holds a string (read by index), and an optional
 * string `derivedFrom`. What depends on a catalogue (known permissions, ids taken, which
 * default role a copy comes from) is the policy's to check. A value whose getters throw
 * makes this throw: the caller decides what that means.
 */
export function readRoleFields(value: unknown, rules: RoleRules = {}): RoleRead {
  if (!isObject(value)) return { ok: false, faults: [{ field: 'role' }] }
  const { id, name, description, permissions, derivedFrom } = value
  const version = rules.version === undefined ? undefined : value.version
  const faults: RoleFault[] = []
  if (typeof id !== 'string' || !ROLE_ID.test(id)) faults.push({ field: 'id' })
  if (!isText(name)) faults.push({ field: 'name' })
  if (description !== undefined && typeof description !== 'string') faults.push({ field: 'description' })
  const isList = Array.isArray(permissions)
  if (!isList) faults.push({ field: 'permissions' })
  if (derivedFrom !== undefined && typeof derivedFrom !== 'string') faults.push({ field: 'derivedFrom' })
  if (badVersion(version, rules.version)) faults.push({ field: 'version' })
  const copy = isList ? stringsOf(permissions, (index) => faults.push({ field: 'permissions', index })) : []
  if (faults.length > 0) return { ok: false, faults }
  const role: RoleFields = {
    id: id as string,
    name: name as string,
    description: description as string | undefined,
    permissions: copy,
    derivedFrom: derivedFrom as string | undefined,
    version: version as number | undefined,
  }
  return { ok: true, role }
}
