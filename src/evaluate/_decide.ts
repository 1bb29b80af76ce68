import { distinct } from '../_util.js'
import { eachUser, errorFromProblems } from '../errors.js'
import type { Access, AccessMode } from '../model/decision.js'
import { QUEUE_ID } from '../model/ids.js'
import type { Problem } from '../model/problem.js'
import { readUserFields, type UserFault } from '../model/read-user.js'
import { add, has, members } from './_bits.js'
import type { Compiled } from './_compile.js'

/** A user after validation: the indices of their known roles (deduplicated), unknown ids, seat. */
export interface ReadUser {
  readonly id: string
  readonly roles: readonly number[]
  readonly unknown: readonly string[]
  readonly seat: boolean
  /** The user's queues (R19), without repeats, in their order. */
  readonly queues: readonly string[]
  /** The role ids as the user lists them, known or not, repeats kept; only when asked for (impact). */
  readonly names?: readonly string[]
}

/** How many combinations a compiled policy's caches hold before they start over. */
export const CACHE_LIMIT = 10_000

/**
 * Validates a user (R13); returns why it is malformed, or what it holds. Never throws: a
 * hostile object (a throwing getter, a revoked proxy) is reported as malformed.
 */
export function readUser(c: Compiled, user: unknown, withNames = false): ReadUser | string {
  try {
    return parseUser(c, user, withNames)
  } catch {
    return 'reading it failed'
  }
}

/** How `explain` words the first fault of a malformed user (R13). */
const FAULT: Readonly<Record<UserFault['field'], string>> = {
  user: 'a user must be an object',
  id: '"id" must be a non-empty string',
  roles: '"roles" must be an array of role ids',
  seat: '"seat" must be true, false or absent',
  version: '"version" must be a whole number',
  queues:
    '"queues" must be an array of queue ids (1 to 128 letters, digits, ".", "_", ":", "/" or "-", starting with a letter or digit)',
}

function parseUser(c: Compiled, user: unknown, withNames: boolean): ReadUser | string {
  const read = readUserFields(user)
  if (!read.ok) {
    const [fault] = read.faults
    if (fault?.field === 'roles' && 'index' in fault) return '"roles" must contain only strings'
    return FAULT[fault?.field ?? 'user']
  }
  const { id, roles, seat, queues } = read.user
  const out = { id, roles: roleNumbers(c, roles), unknown: unknownRoles(c, roles), seat: seat === true, queues }
  // Only impact asks for the names: a field more on every user read costs the index heap per user.
  return withNames ? { ...out, names: roles } : out
}

/** The numbers of the known roles of a list, without repeats, in the list's order. */
export function roleNumbers(c: Compiled, roles: readonly string[]): number[] {
  const known: number[] = []
  // Array.includes for the few roles a user holds; a Set past that, as a record from outside may
  // list any number of role ids (linear, R13).
  const seen = roles.length > 8 ? new Set<number>() : undefined
  for (let i = 0; i < roles.length; i++) {
    const r = c.roleIndex.get(roles[i] as string)
    if (r === undefined || (seen === undefined ? known.includes(r) : seen.has(r))) continue
    seen?.add(r)
    known.push(r)
  }
  return known
}

/** The role ids of a list the policy does not define, without repeats, in the list's order. */
export function unknownRoles(c: Compiled, roles: readonly string[]): readonly string[] {
  let unknown: string[] | undefined
  for (let i = 0; i < roles.length; i++) {
    const role = roles[i] as string
    if (c.roleIndex.has(role)) continue
    unknown ??= []
    unknown.push(role)
  }
  return unknown === undefined ? NO_IDS : distinct(unknown)
}

const NO_IDS: readonly string[] = Object.freeze([])

/**
 * Reads every user of an iterable the caller passed (a report's input): malformed users are
 * refused together, each by its position, before anything is built (R13).
 */
export function readUsers(c: Compiled, what: string, users: Iterable<unknown>): ReadUser[] {
  const read: ReadUser[] = []
  const problems: Problem[] = []
  let i = 0
  eachUser(what, users, (user) => {
    const u = readUser(c, user)
    if (typeof u === 'string')
      problems.push({ code: 'data/invalid', severity: 'error', message: `${what}: user #${i} is malformed (${u})` })
    else read.push(u)
    i++
  })
  if (problems.length > 0) throw errorFromProblems(problems)
  return read
}

/** Whether a value is a list of queue ids (R19), each slot read once. */
function queueList(queues: unknown): boolean {
  if (!Array.isArray(queues)) return false
  for (let i = 0; i < queues.length; i++) {
    const q: unknown = queues[i]
    if (typeof q !== 'string' || !QUEUE_ID.test(q)) return false
  }
  return true
}

/**
 * The hot path of `can`: one table read and one word OR per role, then bit tests.
 * Agrees with `effective` (the tests hold it to a separate reference evaluator).
 */
export function canCompiled(c: Compiled, user: unknown, permission: unknown): boolean {
  try {
    const { cat, bits, roleRow } = c
    const p = typeof permission === 'string' ? cat.number[permission] : undefined
    if (p === undefined || typeof user !== 'object' || user === null) return false
    const { roles, seat } = user as { roles?: unknown; seat?: unknown }
    const w = p >>> 5
    const bit = 1 << (p & 31)
    // No seat and a permission that needs one: no (R4), whatever the roles hold, so skip reading them.
    if (seat !== true && (cat.free[w]! & bit) === 0) return false
    if (!Array.isArray(roles) || (seat !== undefined && seat !== false && seat !== true)) return false
    const at = w * 3
    // The word of prerequisites met (R6), with a seat or without; 0 when the catalogue has no
    // prerequisites, so the loop reads one word per role instead of two.
    const k = cat.prerequisites ? (seat === true ? 1 : 2) : 0
    let held = 0
    let met = 0
    for (let i = 0; i < roles.length; i++) {
      const role: unknown = roles[i]
      if (typeof role !== 'string') return false
      const row = roleRow[role]
      if (row === undefined) continue // an unknown role grants nothing (R13)
      held |= bits[row + at]!
      if (k !== 0) met |= bits[row + at + k]!
    }
    if ((held & bit) === 0) return false
    // The id is validated only when the answer would be yes: a malformed user is still
    // refused (R13), and a denial does not pay for reading the id string.
    const { id, queues } = user as { id?: unknown; queues?: unknown }
    if (typeof id !== 'string' || id === '') return false
    // A malformed queue list makes the user malformed (R19, R13), as every other reader says.
    if (queues !== undefined && !queueList(queues)) return false
    if ((cat.open[w]! & bit) !== 0) return true
    if ((cat.deep[w]! & bit) === 0) return (met & bit) !== 0
    return deepChain(c, roles, seat === true, p)
  } catch {
    return false
  }
}

/**
 * `can` on a permission whose prerequisite chain is deeper than one step: evaluated in full.
 * The role ids are read again (they were strings in `can`; one a getter changed since is not
 * a role and grants nothing). Its own function, so `can` stays small enough for the engine to
 * inline it into the caller's loop.
 */
function deepChain(c: Compiled, roles: readonly unknown[], seat: boolean, p: number): boolean {
  const known: number[] = []
  for (let i = 0; i < roles.length; i++) {
    const r = c.roleIndex.get(roles[i] as string)
    if (r !== undefined) known.push(r)
  }
  return has(effective(c, known, seat), p)
}

/** The effective permissions of a set of roles (R1, R4, R6), prerequisites evaluated first. */
export function effective(c: Compiled, roles: readonly number[], seat: boolean): Uint32Array {
  const { words, order, requires, free } = c.cat
  const union = new Uint32Array(words)
  for (const r of roles) for (let w = 0; w < words; w++) union[w]! |= c.bits[(r * words + w) * 3]!
  const eff = new Uint32Array(words)
  for (const p of order) {
    if (!has(union, p) || (!seat && !has(free, p))) continue
    const reqs = requires[p] ?? []
    if (reqs.length === 0 || reqs.some((q) => has(eff, q))) add(eff, p)
  }
  return eff
}

/** The cache key of a (roles, seat) combination: the sorted role numbers and the seat. */
export function comboKey(roles: readonly number[], seat: boolean): string {
  return `${(roles.length > 1 ? [...roles].sort((a, b) => a - b) : roles).join(',')}${seat ? '+' : '-'}`
}

/** Access for a (roles, seat) combination (R7, R10, R11), computed once per combination. */
export function accessOf(c: Compiled, roles: readonly number[], seat: boolean, key = comboKey(roles, seat)): Access {
  let found = c.cache.get(key)
  if (found === undefined) {
    const { count, free, capacity, ids } = c.cat
    const eff = members(effective(c, roles, seat), count)
    const paid = (p: number): boolean => !has(free, p)
    const mode: AccessMode = seat && eff.some(paid) ? 'full' : eff.some((p) => has(free, p)) ? 'viewer' : 'none'
    found = Object.freeze({
      mode,
      permissions: Object.freeze(eff.map((p) => ids[p] as string)),
      consumesSeat: seat,
      needsSeat: (seat ? eff : members(effective(c, roles, true), count)).some(paid),
      countsTowardCapacity: mode === 'full' && eff.some((p) => has(capacity, p)),
    })
    if (c.cache.size >= CACHE_LIMIT) c.cache.clear()
    c.cache.set(key, found)
  }
  return found
}

export const NO_ACCESS: Access = Object.freeze({
  mode: 'none',
  permissions: Object.freeze([]),
  consumesSeat: false,
  needsSeat: false,
  countsTowardCapacity: false,
})
