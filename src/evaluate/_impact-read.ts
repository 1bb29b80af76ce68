import { show } from '../_util.js'
import { eachUser, errorFromProblems } from '../errors.js'
import { QUEUE_ID } from '../model/ids.js'
import type { Problem } from '../model/problem.js'
import type { Compiled } from './_compile.js'
import { readUser } from './_decide.js'

const NONE: readonly string[] = Object.freeze([])

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

/** A user as compared: their id, combination and whether they belong to a queue. */
export interface Entry {
  readonly id: string
  readonly combo: Combo
  /** The user's queue ids as given (each valid; repeats allowed). */
  readonly queues: readonly string[]
}

/** The key of a (role ids as listed, seat) combination: the combinations the impact evaluates once each. */
function keyOf(names: readonly string[], seat: boolean): string {
  let key = ''
  for (let i = 0; i < names.length; i++) key += `${names[i]}\0`
  return seat ? `${key}+` : `${key}-`
}

/**
 * The hot path of reading a user for the impact: a plain, valid user is read without a copy
 * (the full reader, readUser, allocates several); anything else (a malformed user, a getter
 * that throws) is left to readUser, which words the fault. Held to readUser by a property test.
 */
function quickRead(
  user: unknown,
): { id: string; key: string; roles: readonly unknown[]; seat: boolean; queues: readonly string[] } | undefined {
  try {
    if (typeof user !== 'object' || user === null) return undefined
    const { id, roles, seat, queues } = user as Record<string, unknown>
    if (typeof id !== 'string' || id === '' || !Array.isArray(roles)) return undefined
    if (seat !== undefined && seat !== true && seat !== false) return undefined
    let key = ''
    for (let i = 0; i < roles.length; i++) {
      const role: unknown = roles[i]
      if (typeof role !== 'string') return undefined
      key += `${role}\0`
    }
    if (queues !== undefined) {
      if (!Array.isArray(queues)) return undefined
      for (let i = 0; i < queues.length; i++) {
        const q: unknown = queues[i]
        if (typeof q !== 'string' || !QUEUE_ID.test(q)) return undefined
      }
    }
    return {
      id,
      key: seat === true ? `${key}+` : `${key}-`,
      roles,
      seat: seat === true,
      queues: queues === undefined ? NONE : byIndex(queues),
    }
  } catch {
    return undefined
  }
}

/** The strings of a list the quick reader accepted, read by index. */
function byIndex(list: readonly unknown[]): string[] {
  const out: string[] = []
  for (let i = 0; i < list.length; i++) out.push(list[i] as string)
  return out
}

/** Reads one list of users: each by its position, malformed ones and repeated ids refused together (R13). */
export function readSide(c: Compiled, what: string, users: Iterable<unknown>, combos: Map<string, Combo>): Entry[] {
  const out: Entry[] = []
  const problems: Problem[] = []
  const seen = new Set<string>()
  let i = 0
  const add = (
    id: string,
    key: string,
    names: () => readonly string[],
    seat: boolean,
    queues: readonly string[],
  ): void => {
    let combo = combos.get(key)
    if (combo === undefined) {
      combo = { n: combos.size, ids: [...new Set(names())], seat }
      combos.set(key, combo)
    }
    out.push({ id, combo, queues })
  }
  eachUser(what, users, (user) => {
    const quick = quickRead(user)
    if (quick !== undefined && !seen.has(quick.id)) {
      seen.add(quick.id)
      add(quick.id, quick.key, () => byIndex(quick.roles), quick.seat, quick.queues)
      i++
      return
    }
    const u = readUser(c, user, true)
    if (typeof u === 'string') {
      problems.push({ code: 'data/invalid', severity: 'error', message: `${what}: user #${i} is malformed (${u})` })
    } else if (seen.has(u.id)) {
      problems.push({
        code: 'data/invalid',
        severity: 'error',
        message: `${what}: user #${i} repeats the id ${show(u.id)}`,
      })
    } else {
      seen.add(u.id)
      const names = u.names ?? []
      add(u.id, keyOf(names, u.seat), () => names, u.seat, u.queues)
    }
    i++
  })
  if (problems.length > 0) throw errorFromProblems(problems)
  return out
}
