import { show } from '../_util.js'
import { eachUser, errorFromProblems } from '../errors.js'
import { QUEUE_ID } from '../model/ids.js'
import type { Problem } from '../model/problem.js'
import type { Compiled } from './_compile.js'
import { readUser } from './_decide.js'

const NONE: readonly string[] = Object.freeze([])
/** Stands for "in at least one queue" when the caller does not keep the queues (a policy change). */
export const IN_A_QUEUE: readonly string[] = Object.freeze(['(a queue)'])

/**
 * A distinct (role ids, seat) combination of the users compared. Everything the impact reads
 * of a user but its id and queues follows from it, so it is worked out once per combination
 * and side, not once per user.
 */
export interface Combo {
  readonly n: number
  /** The user's role ids, known or not, in the user's order, without repeats. */
  readonly ids: readonly string[]
  readonly seat: boolean
}

/**
 * A step in the tree of role lists: the id listed last and the step before it, what follows,
 * and the combinations ending here. A step keeps one id, not the list so far: copying the
 * list at every step made one user with n role ids cost n²/2 slots (R13: any length is read).
 */
interface Node {
  readonly role: string
  readonly parent: Node | undefined
  next: Map<string, Node> | undefined
  seat: Combo | undefined
  noSeat: Combo | undefined
}

/** The ids listed down to a step, in the user's order, without repeats: one walk up the tree. */
function idsTo(node: Node): string[] {
  const path: string[] = []
  for (let at: Node | undefined = node; at?.parent !== undefined; at = at.parent) path.push(at.role)
  return [...new Set(path.reverse())]
}

/**
 * The combinations met so far, found by walking the user's role ids (as listed, repeats
 * kept) down a tree of maps: no key string is built or hashed per user, and a combination
 * already met allocates nothing.
 */
export class Combos {
  readonly list: Combo[] = []
  readonly #root: Node = { role: '', parent: undefined, next: undefined, seat: undefined, noSeat: undefined }

  /** The combination of these role ids and seat; undefined when a slot is not a string. Reads each slot once. */
  of(roles: readonly unknown[], seat: boolean): Combo | undefined {
    let node = this.#root
    for (let i = 0; i < roles.length; i++) {
      const role: unknown = roles[i]
      if (typeof role !== 'string') return undefined
      node.next ??= new Map()
      let child = node.next.get(role)
      if (child === undefined) {
        child = { role, parent: node, next: undefined, seat: undefined, noSeat: undefined }
        node.next.set(role, child)
      }
      node = child
    }
    const found = seat ? node.seat : node.noSeat
    if (found !== undefined) return found
    const combo: Combo = { n: this.list.length, ids: idsTo(node), seat }
    this.list.push(combo)
    if (seat) node.seat = combo
    else node.noSeat = combo
    return combo
  }
}

/** What one read user gives the impact: its id, combination and queues. */
export type Visit = (id: string, combo: Combo, queues: readonly string[]) => void

/** The queue ids as given (repeats allowed), or IN_A_QUEUE when they are not kept. */
function queuesOf(list: readonly unknown[], keep: boolean): readonly string[] {
  if (list.length === 0) return NONE
  if (!keep) return IN_A_QUEUE
  const out: string[] = []
  for (let i = 0; i < list.length; i++) out.push(list[i] as string)
  return out
}

/**
 * The hot path of reading a user for the impact: a plain, valid user is read without a copy
 * and without allocating (the full reader, readUser, allocates several); anything else (a
 * malformed user, a getter that throws) is left to readUser, which words the fault. It reads
 * the fields in readUser's order, each slot once. Held to readUser by a property test.
 */
function quickRead(combos: Combos, user: unknown, keepQueues: boolean, visit: Visit, seen: Set<string>): boolean {
  let id: unknown
  let combo: Combo | undefined
  let queues: readonly string[]
  try {
    if (typeof user !== 'object' || user === null) return false
    const fields = user as Record<string, unknown>
    id = fields.id
    const { roles, seat, queues: list } = fields
    if (typeof id !== 'string' || id === '' || !Array.isArray(roles)) return false
    if (seat !== undefined && seat !== true && seat !== false) return false
    if (list !== undefined && !Array.isArray(list)) return false
    combo = combos.of(roles, seat === true)
    if (combo === undefined) return false
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const q: unknown = list[i]
        if (typeof q !== 'string' || !QUEUE_ID.test(q)) return false
      }
    }
    queues = list === undefined ? NONE : queuesOf(list, keepQueues)
  } catch {
    return false
  }
  // One lookup, not two: the id is new when adding it grows the set. A repeat is left to the
  // full reader, which words it.
  const size = seen.size
  if (seen.add(id).size === size) return false
  visit(id, combo, queues)
  return true
}

/**
 * Reads one list of users, calling `visit` for each valid one in order; malformed ones and
 * repeated ids are refused together, each by its position, after the whole list is read
 * (R13). With `keepQueues` false, a user in any queue is visited with IN_A_QUEUE.
 */
export function readSide(
  c: Compiled,
  what: string,
  users: Iterable<unknown>,
  combos: Combos,
  keepQueues: boolean,
  visit: Visit,
): void {
  const problems: Problem[] = []
  const seen = new Set<string>()
  let i = 0
  eachUser(what, users, (user) => {
    const at = i++
    if (quickRead(combos, user, keepQueues, visit, seen)) return
    const u = readUser(c, user, true)
    if (typeof u === 'string') {
      problems.push({ code: 'data/invalid', severity: 'error', message: `${what}: user #${at} is malformed (${u})` })
    } else if (seen.has(u.id)) {
      problems.push({
        code: 'data/invalid',
        severity: 'error',
        message: `${what}: user #${at} repeats the id ${show(u.id)}`,
      })
    } else {
      seen.add(u.id)
      visit(u.id, combos.of(u.names ?? NONE, u.seat) as Combo, queuesOf(u.queues, keepQueues))
    }
  })
  if (problems.length > 0) throw errorFromProblems(problems)
}
