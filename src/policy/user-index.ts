import { show } from '../_util.js'
import type { KnownId } from '../catalogue/types.js'
import { eachUser, errorFromProblems, SeatguardError } from '../errors.js'
import { REACH_ALL, REACH_ASSIGNED, REACH_QUEUE } from '../evaluate/_compile.js'
import { accessOf, effective, NO_ACCESS, type ReadUser, readUser } from '../evaluate/_decide.js'
import { explainCompiled } from '../evaluate/_explain.js'
import { queueReportCompiled, withMembership } from '../evaluate/_queues.js'
import { reachBits, reachCompiled, reachValue, reasonOf, sortedQueues } from '../evaluate/_reach.js'
import { seatReportCompiled } from '../evaluate/_seats.js'
import type { Access, Decision } from '../model/decision.js'
import type { Problem } from '../model/problem.js'
import type { QueueReport } from '../model/queues.js'
import type { Reach, WorkItem } from '../model/reach.js'
import type { SeatReport } from '../model/seats.js'
import type { User } from '../model/user.js'
import { compiledOf } from './create.js'
import type { Policy } from './types.js'

const NO_QUEUES: readonly string[] = Object.freeze([])
/** Queue ids to their interned numbers, in an object without a prototype. */
type QueueNumbers = Record<string, number | undefined>

/**
 * Users compiled against one policy for checks by user id: each user is reduced to a
 * (role combination, seat) slot whose effective permissions are computed once, so
 * `can(userId, permission)` is one map lookup and a bit test. Immutable: build a new
 * index when users or roles change.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, createUserIndex } from 'seatguard'
 * const index = createUserIndex(createPolicy(conversations), [{ id: 'ana', roles: ['agent'], seat: true }])
 * index.can('ana', 'conversations/allow-assignment') // true
 * index.can('nobody', 'conversations/allow-assignment') // false: an unknown user is denied
 * ```
 */
export interface UserIndex<TPermission extends string = string> {
  /** How many users the index holds. */
  readonly size: number
  /** The user record as given, or `undefined` for an unknown id. */
  user(id: string): User | undefined
  /**
   * Whether the user may use the permission now, on the work item when one is given (R21);
   * an unknown user or permission is denied. Never throws (R13).
   */
  can<P extends string>(userId: string, permission: KnownId<P, TPermission>, item?: WorkItem): boolean
  /** The decision with its reason; an unknown user is explained as a user with no roles. Never throws. */
  explain<P extends string>(userId: string, permission: KnownId<P, TPermission>, item?: WorkItem): Decision<TPermission>
  /** Where the permission reaches for the user (R23); an unknown user reaches nothing. Never throws. */
  reach<P extends string>(userId: string, permission: KnownId<P, TPermission>): Reach
  /** Mode, effective permissions and seat facts; mode `none` for an unknown user. */
  access(userId: string): Access<TPermission>
  /** The seat report (R10–R12) over every user of the index, in the order given. */
  seatReport(): SeatReport
  /** The queue report (R24) over every user of the index, in the order given. */
  queueReport(): QueueReport
}

/**
 * Compiles users for fast checks by id (see {@link UserIndex}). The users are validated
 * as they are loaded: malformed users and repeated ids are refused together with one
 * `data/invalid` error listing each; unknown role ids grant nothing (R13).
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, createUserIndex } from 'seatguard'
 * const policy = createPolicy(conversations)
 * const index = createUserIndex(policy, [
 *   { id: 'ana', roles: ['agent'], seat: true },
 *   { id: 'ben', roles: ['agent'] },
 * ])
 * index.explain('ben', 'conversations/allow-assignment').reason // 'no-seat'
 * index.access('ben').mode // 'viewer'
 * ```
 */
export function createUserIndex<TPermission extends string>(
  policy: Policy<TPermission, string>,
  users: Iterable<User>,
): UserIndex<TPermission> {
  const c = compiledOf(policy)
  if (c === undefined) throw new SeatguardError('data/invalid', 'createUserIndex: pass a policy made by createPolicy.')
  const { words, number } = c.cat
  const records: User[] = []
  const position = new Map<string, number>()
  const problems: Problem[] = []
  const slotOf = new Map<string, number>()
  const slotUsers: ReadUser[] = []
  const userSlot: number[] = []
  const userQueues: (readonly string[])[] = []
  eachUser('createUserIndex', users, (user) => {
    const u = readUser(c, user)
    const at = records.length
    if (typeof u === 'string') {
      problems.push({ code: 'data/invalid', severity: 'error', message: `User #${at} is malformed (${u})` })
    } else if (position.has(u.id)) {
      problems.push({ code: 'data/invalid', severity: 'error', message: `User #${at} repeats the id ${show(u.id)}` })
    } else {
      // The user's known roles in their own order (explain's grantedBy follows it), and the seat.
      const key = `${u.roles.join(',')}${u.seat ? '+' : '-'}`
      let slot = slotOf.get(key)
      if (slot === undefined) {
        slot = slotUsers.length
        slotOf.set(key, slot)
        slotUsers.push(u)
      }
      position.set(u.id, at)
      userSlot.push(slot)
      // Most users belong to no queue: they share one empty list (heap per user counts).
      userQueues.push(u.queues.length === 0 ? NO_QUEUES : Object.freeze(u.queues))
    }
    records.push(user)
  })
  if (problems.length > 0) throw errorFromProblems(problems)

  // One effective bitset and one Access per distinct (roles, seat) slot.
  const eff = new Uint32Array(Math.max(1, slotUsers.length * words))
  const accessBySlot = slotUsers.map((u, slot) => {
    eff.set(effective(c, u.roles, u.seat), slot * words)
    return accessOf(c, u.roles, u.seat)
  })
  const slots = Int32Array.from(userSlot)
  // Item checks: each (slot, permission)'s reach bits, worked out on first use (0 = not yet; the
  // bits are never 0 for an effective permission). Allocated by the first item check, so an
  // index that is never asked about items costs nothing more per user.
  let reachOf: Uint8Array | undefined
  const bitsOf = (slot: number, p: number): number => {
    reachOf ??= new Uint8Array(Math.max(1, slotUsers.length * c.cat.count))
    const at = slot * c.cat.count + p
    if (reachOf[at] === 0) reachOf[at] = reachBits(c, eff.subarray(slot * words, slot * words + words), p)
    return reachOf[at]!
  }
  const sorted: (readonly string[] | undefined)[] = []
  // Every user's queues as interned numbers, built by the first item check. With at most 256
  // distinct queues, each user gets a bitset of them, so a check reads one word; beyond
  // that, a run of numbers in one flat array. The numbers are looked up in a prototype-less
  // object, which V8 keeps as a hash table and reads in half the time a Map's get takes (any
  // string is an own key there, `__proto__` too, and no inherited name is found).
  let queues: { number: QueueNumbers; words: number; bits: Uint32Array; start: Int32Array } | undefined
  const queueIndex = (): NonNullable<typeof queues> => {
    const number: QueueNumbers = Object.create(null)
    let size = 0
    for (const list of userQueues) for (const q of list) number[q] ??= size++
    const words = size <= 256 ? Math.max(1, Math.ceil(size / 32)) : 0
    const start = new Int32Array(words === 0 ? userQueues.length + 1 : 0)
    const flat: number[] = []
    const bits = new Uint32Array(words === 0 ? 0 : userQueues.length * words)
    userQueues.forEach((list, at) => {
      for (const q of list) {
        const n = number[q] as number
        if (words === 0) flat.push(n)
        else bits[at * words + (n >>> 5)]! |= 1 << (n & 31)
      }
      if (words === 0) start[at + 1] = flat.length
    })
    return { number, words, bits: words === 0 ? Uint32Array.from(flat) : bits, start }
  }
  const inQueue = (at: number, queue: string): boolean => {
    queues ??= queueIndex()
    const n = queues.number[queue]
    if (n === undefined) return false
    const { words, bits, start } = queues
    if (words !== 0) return (bits[at * words + (n >>> 5)]! & (1 << (n & 31))) !== 0
    for (let k = start[at]!, end = start[at + 1]!; k < end; k++) if (bits[k] === n) return true
    return false
  }
  const none = (userId: string): User => ({ id: userId, roles: [] })
  // explain and seatReport read the users as indexed, never the records again: a record the
  // caller changes in place must not make them disagree with can and access.
  const slotRoles = slotUsers.map((u) => Object.freeze(u.roles.map((r) => c.roles[r]?.id as string)))
  const indexed = (userId: string, at: number): User => {
    const slot = slots[at]!
    return { id: userId, roles: slotRoles[slot]!, seat: slotUsers[slot]!.seat, queues: userQueues[at]! }
  }

  // A named function, not an arrow in the object below, so that a test can find its bytecode and
  // hold it within V8's inlining limit (test/evaluate/inline-budget.test.ts).
  function canById(userId: string, permission: unknown, item?: WorkItem): boolean {
    const p = typeof permission === 'string' ? number[permission] : undefined
    const at = position.get(userId)
    if (p === undefined || at === undefined) return false
    const slot = slots[at]!
    if ((eff[slot * words + (p >>> 5)]! & (1 << (p & 31))) === 0) return false
    if (item === undefined) return true
    // The item read where it is used, without a new object or a call the engine will not
    // inline (this costs half the check otherwise); the same rules as readItem (R21), the
    // shape tested inside the try too: Array.isArray throws on a revoked proxy.
    let queue: unknown
    let assignee: unknown
    try {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return false
      ;({ queue, assignee } = item as { queue?: unknown; assignee?: unknown })
    } catch {
      return false
    }
    if (queue !== undefined && (typeof queue !== 'string' || queue === '')) return false
    if (assignee !== undefined && (typeof assignee !== 'string' || assignee === '')) return false
    const bits = bitsOf(slot, p)
    if ((bits & REACH_ALL) !== 0) return true
    // Assigned work before queues (the answer is the same either way): comparing the ids is
    // cheaper than finding the queue's number and reading the user's queues, often a cache miss.
    if ((bits & REACH_ASSIGNED) !== 0 && assignee === userId) return true
    return (bits & REACH_QUEUE) !== 0 && queue !== undefined && inQueue(at, queue as string)
  }

  const index: UserIndex = {
    size: records.length,
    user: (id) => {
      const at = position.get(id)
      return at === undefined ? undefined : records[at]
    },
    can: canById,
    explain: (userId, permission, item?: WorkItem) => {
      const at = position.get(userId)
      return explainCompiled(c, at === undefined ? none(userId) : indexed(userId, at), permission, item)
    },
    reach: (userId, permission) => {
      const at = position.get(userId)
      const p = typeof permission === 'string' ? number[permission] : undefined
      if (at === undefined || p === undefined) return reachCompiled(c, none(userId), permission)
      const slot = slots[at]!
      if ((eff[slot * words + (p >>> 5)]! & (1 << (p & 31))) === 0) {
        return Object.freeze({ kind: 'none', reason: reasonOf(c, slotUsers[slot]!, p) })
      }
      sorted[at] ??= sortedQueues(userQueues[at]!)
      return reachValue(bitsOf(slot, p), userId, sorted[at])
    },
    access: (userId) => {
      const at = position.get(userId)
      if (at === undefined) return NO_ACCESS
      const slot = slots[at]!
      const access = accessBySlot[slot] ?? NO_ACCESS
      return userQueues[at]!.length === 0
        ? access
        : withMembership(c, { ...slotUsers[slot]!, queues: userQueues[at]! }, access)
    },
    seatReport: () =>
      seatReportCompiled(
        c,
        Array.from(position, ([userId, at]) => indexed(userId, at)),
      ),
    queueReport: () =>
      queueReportCompiled(
        c,
        Array.from(position, ([userId, at]) => indexed(userId, at)),
      ),
  }
  return Object.freeze(index) as UserIndex<TPermission>
}
