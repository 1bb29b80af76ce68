import { badVersion, stringsOf, type VersionRule } from './_fields.js'
import { QUEUE_ID } from './ids.js'

/**
 * One thing wrong with a user record: the field, and for a role id that is not a string,
 * its position in `roles`. `user` means the value is not an object at all.
 */
export type UserFault =
  | { readonly field: 'user' | 'id' | 'seat' | 'version' }
  | { readonly field: 'roles' | 'queues'; readonly index?: number }

/** The fields of a valid user record, read once from the caller's value. */
export interface UserFields {
  readonly id: string
  /** A copy of the role ids, each read once, in the caller's order (repeats kept). */
  readonly roles: readonly string[]
  readonly seat: boolean | undefined
  /** The queues (R19), each read once, without repeats (first kept), in the caller's order; empty when absent. */
  readonly queues: readonly string[]
  /** The record's version, when the rules read one. */
  readonly version: number | undefined
}

/** What a valid user is in one context: checks take any non-empty id, stores more. */
export interface UserRules {
  /** What a valid id is here; default: any non-empty string. Stores pass `isStorableId` (R18). */
  readonly id?: (id: unknown) => boolean
  /** A stored record's `version` (R16): `allowed` (a whole number ≥ 0 when present) or `required`; else ignored. */
  readonly version?: VersionRule
}

/** A read user: its fields, or every fault found, in field order (user, id, roles, seat, version, then each role). */
export type UserRead =
  | { readonly ok: true; readonly user: UserFields }
  | { readonly ok: false; readonly faults: readonly UserFault[] }

/**
 * The one definition of a valid user record (R13, R19): an object with a non-empty string
 * `id`, `roles` an array whose every slot holds a string (read by index, so a hole or an
 * array's own iterator cannot slip past), `seat` true, false or absent, and `queues` absent
 * or an array of queue ids. The core, the service, the stores and the CLI read users
 * through it and word its faults for their readers. A value whose getters throw makes this
 * throw: the caller decides what that means.
 */
export function readUserFields(value: unknown, rules: UserRules = {}): UserRead {
  // Any object, as every check has always taken it; the service and the CLI refuse arrays before asking.
  if (typeof value !== 'object' || value === null) return { ok: false, faults: [{ field: 'user' }] }
  const { id, roles, seat, queues } = value as Record<string, unknown>
  // Without a version rule, a `version` field is not read: a stored user can be checked as it is.
  const version = rules.version === undefined ? undefined : (value as Record<string, unknown>).version
  const faults: UserFault[] = []
  if (!(rules.id ?? isUserId)(id)) faults.push({ field: 'id' })
  const isList = Array.isArray(roles)
  if (!isList) faults.push({ field: 'roles' })
  if (seat !== undefined && typeof seat !== 'boolean') faults.push({ field: 'seat' })
  const queueList = queues === undefined || Array.isArray(queues)
  if (!queueList) faults.push({ field: 'queues' })
  if (badVersion(version, rules.version)) faults.push({ field: 'version' })
  const copy = isList ? stringsOf(roles, (index) => faults.push({ field: 'roles', index })) : []
  const inQueues = Array.isArray(queues) ? queueIds(queues, (index) => faults.push({ field: 'queues', index })) : []
  if (faults.length > 0) return { ok: false, faults }
  const user = { id: id as string, roles: copy, seat: seat as boolean | undefined, queues: inQueues }
  return { ok: true, user: { ...user, version: version as number | undefined } }
}

/** The queue ids of a list, each slot read once, without repeats (first kept); `bad` hears the index of each that is not one. */
function queueIds(list: readonly unknown[], bad: (index: number) => void): string[] {
  const seen = new Set<string>()
  for (let i = 0; i < list.length; i++) {
    const id: unknown = list[i]
    if (typeof id === 'string' && QUEUE_ID.test(id)) seen.add(id)
    else bad(i)
  }
  return [...seen]
}

const isUserId = (id: unknown): boolean => typeof id === 'string' && id !== ''
