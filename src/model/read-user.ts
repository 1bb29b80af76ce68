import { distinct } from '../_util.js'
import { badVersion, type VersionRule } from './_fields.js'
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
  // Faults are gathered only when there is one, and without a closure: a batch of many valid
  // users allocates nothing for them (R38).
  let faults: UserFault[] | undefined
  if (!(rules.id ?? isUserId)(id)) faults = more(faults, { field: 'id' })
  const isList = Array.isArray(roles)
  if (!isList) faults = more(faults, { field: 'roles' })
  if (seat !== undefined && typeof seat !== 'boolean') faults = more(faults, { field: 'seat' })
  if (queues !== undefined && !Array.isArray(queues)) faults = more(faults, { field: 'queues' })
  if (badVersion(version, rules.version)) faults = more(faults, { field: 'version' })
  // The lists are made at their exact length, not grown by push: a stored user keeps them (the
  // service's snapshot holds one per user), and a grown list has room for 16 ids.
  const copy: string[] = isList ? new Array(roles.length) : []
  if (isList) {
    for (let i = 0; i < roles.length; i++) {
      const role: unknown = roles[i]
      if (typeof role === 'string') copy[i] = role
      else faults = more(faults, { field: 'roles', index: i })
    }
  }
  let inQueues = NO_QUEUES
  if (Array.isArray(queues) && queues.length > 0) {
    const ids: string[] = new Array(queues.length)
    for (let i = 0; i < queues.length; i++) {
      const q: unknown = queues[i]
      if (typeof q === 'string' && QUEUE_ID.test(q)) ids[i] = q
      else faults = more(faults, { field: 'queues', index: i })
    }
    inQueues = distinct(ids)
  }
  if (faults !== undefined) return { ok: false, faults }
  const user = { id: id as string, roles: copy, seat: seat as boolean | undefined, queues: inQueues, version }
  return { ok: true, user: user as UserFields }
}

/** The queues of a user who lists none: one shared empty list (a fresh one per user costs the heap). */
const NO_QUEUES: readonly string[] = Object.freeze([])

/** `faults` with one more; a list is made only for the first. */
function more(faults: UserFault[] | undefined, fault: UserFault): UserFault[] {
  if (faults === undefined) return [fault]
  faults.push(fault)
  return faults
}

const isUserId = (id: unknown): boolean => typeof id === 'string' && id !== ''
