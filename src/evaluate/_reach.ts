import { isObject, show } from '../_util.js'
import type { Reach, WorkItem } from '../model/reach.js'
import type { DecisionReason } from '../model/reason.js'
import { has } from './_bits.js'
import { type Compiled, REACH_ALL, REACH_ASSIGNED, REACH_QUEUE, roleHolds } from './_compile.js'
import { effective, type ReadUser, readUser } from './_decide.js'

/**
 * Where an effective permission reaches (R20), as REACH_* bits: its declared reach; for one
 * with prerequisites, the union of its effective prerequisites' reaches; for one with
 * neither, every item (it is not about work items, so no item is out of its reach).
 */
export function reachBits(c: Compiled, eff: Uint32Array, p: number): number {
  const declared = c.cat.declared[p] ?? 0
  if (declared !== 0) return declared
  const reqs = c.cat.requires[p] ?? []
  if (reqs.length === 0) return REACH_ALL
  let bits = 0
  for (const q of reqs) if (has(eff, q)) bits |= reachBits(c, eff, q)
  return bits
}

/** A work item read once (R21); `undefined` when it is not one: not an object, or a field that is not a non-empty string. */
export function readItem(item: unknown): WorkItem | undefined {
  try {
    if (!isObject(item)) return undefined
    const { queue, assignee } = item
    const field = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v !== '')
    if (!field(queue) || !field(assignee)) return undefined
    return { queue: queue as string | undefined, assignee: assignee as string | undefined }
  } catch {
    return undefined
  }
}

/** Who an item check is about: the user's id and queues. */
export interface Member {
  readonly id: string
  readonly queues: readonly string[]
}

/** Whether reach bits admit an item for this user (R21). */
export function admits(bits: number, u: Member, item: WorkItem): boolean {
  if ((bits & REACH_ALL) !== 0) return true
  if ((bits & REACH_QUEUE) !== 0 && item.queue !== undefined && u.queues.includes(item.queue)) return true
  return (bits & REACH_ASSIGNED) !== 0 && item.assignee === u.id
}

/** A user's queues as `reach` lists them (R23): sorted, without repeats, frozen. */
export const sortedQueues = (queues: readonly string[]): readonly string[] => Object.freeze([...queues].sort())

/** Reach bits as the filter `reach` returns (R23), given the user's id and sorted queues. */
export function reachValue(bits: number, id: string, sorted: readonly string[]): Reach {
  if ((bits & REACH_ALL) !== 0) return ALL
  const queues = (bits & REACH_QUEUE) !== 0 ? sorted : NO_QUEUES
  return Object.freeze({ kind: 'some', queues, assignee: (bits & REACH_ASSIGNED) !== 0 ? id : null })
}

const ALL: Reach = Object.freeze({ kind: 'all' })
const NO_QUEUES: readonly string[] = Object.freeze([])

/** Where the permission does reach, in words, for an `out-of-reach` message (R22). */
export function reachWords(bits: number, u: Member): string {
  const parts: string[] = []
  if ((bits & REACH_QUEUE) !== 0) {
    const list = u.queues.length === 0 ? 'they belong to none' : [...u.queues].sort().join(', ')
    parts.push(`in the queues they belong to (${list})`)
  }
  if ((bits & REACH_ASSIGNED) !== 0) parts.push('on items assigned to them')
  return parts.length === 0 ? 'on no item' : `only ${parts.join(' and ')}`
}

/** What would bring the item within reach, for an `out-of-reach` message. */
export function reachAdvice(bits: number, item: WorkItem): string {
  const steps: string[] = []
  if ((bits & REACH_QUEUE) !== 0 && item.queue !== undefined) steps.push(`add them to queue ${show(item.queue)}`)
  if ((bits & REACH_ASSIGNED) !== 0) steps.push('assign the item to them')
  return steps.length === 0 ? 'give them a role whose permission reaches it' : steps.join(' or ')
}

/** Why a permission is not effective for a read user, or `granted` (the reasons of R1, R4, R6). */
export function reasonOf(c: Compiled, u: ReadUser, p: number): DecisionReason {
  if (!u.roles.some((r) => roleHolds(c, r, p))) return 'not-granted'
  if (!u.seat && !has(c.cat.free, p)) return 'no-seat'
  return has(effective(c, u.roles, u.seat), p) ? 'granted' : 'missing-prerequisite'
}

/** `reach` (R23): where the permission reaches for the user; never throws. */
export function reachCompiled(c: Compiled, user: unknown, permission: unknown): Reach {
  const p = typeof permission === 'string' ? c.cat.index.get(permission) : undefined
  if (p === undefined) return none('unknown-permission')
  const u = readUser(c, user)
  if (typeof u === 'string') return none('invalid-user')
  const reason = reasonOf(c, u, p)
  if (reason !== 'granted') return none(reason)
  return reachValue(reachBits(c, effective(c, u.roles, u.seat), p), u.id, sortedQueues(u.queues))
}

const none = (reason: DecisionReason): Reach => Object.freeze({ kind: 'none', reason })

/** `can` on a work item (R21): the item-less answer, then the item within the permission's reach. */
export function canItemCompiled(c: Compiled, user: unknown, permission: unknown, item: unknown): boolean {
  const p = typeof permission === 'string' ? c.cat.index.get(permission) : undefined
  if (p === undefined) return false
  const it = readItem(item)
  if (it === undefined) return false
  const u = readUser(c, user)
  if (typeof u === 'string') return false
  const eff = effective(c, u.roles, u.seat)
  return has(eff, p) && admits(reachBits(c, eff, p), u, it)
}
