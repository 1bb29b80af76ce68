import { SeatguardError } from '../errors.js'
import type { Change, Impact, ImpactRow } from '../model/impact.js'
import type { Problem } from '../model/problem.js'
import { checkCompiled } from './_check.js'
import type { Compiled } from './_compile.js'
import {
  absent,
  changedRoles,
  diffOf,
  errorKey,
  type PairDiff,
  type Side,
  sideOf,
  touches,
  unchangedDiff,
} from './_impact-diff.js'
import { type Combo, Combos, readSide } from './_impact-read.js'

const NO_QUEUES: readonly string[] = Object.freeze([])
const SAME_QUEUES = Object.freeze({ joined: NO_QUEUES, left: NO_QUEUES })
const NO_PROBLEMS: readonly Problem[] = Object.freeze([])

/** The queues a user joins and leaves (R19), each sorted, without repeats. */
function queueChange(before: readonly string[], after: readonly string[]): ImpactRow['queues'] {
  if (before.length === 0 && after.length === 0) return SAME_QUEUES
  const [was, is] = [new Set(before), new Set(after)]
  const joined = [...is].filter((q) => !was.has(q)).sort()
  const left = [...was].filter((q) => !is.has(q)).sort()
  return joined.length === 0 && left.length === 0
    ? SAME_QUEUES
    : Object.freeze({ joined: Object.freeze(joined), left: Object.freeze(left) })
}

/** A user read from the list after a user change, kept until both lists are read. */
interface Entry {
  readonly id: string
  readonly combo: Combo
  readonly queues: readonly string[]
}

/**
 * R33: the impact of going from `before` (users read against policy `cb`) to `after` (users
 * read against `ca`). Users are matched by id; `after` may be `'same'` (a policy change: one
 * list, read once). Rows follow `before`'s order, then the users only in `after`.
 * It costs one read of each user and one evaluation per distinct (roles, seat) combination
 * and side; a combination none of whose roles changed is not evaluated against `ca` at all.
 */
export function impactCompiled(
  cb: Compiled,
  ca: Compiled,
  before: Iterable<unknown>,
  after: Iterable<unknown> | 'same',
  what = 'impact',
): Impact {
  if (cb.cat !== ca.cat)
    throw new SeatguardError('data/invalid', `${what}: both policies must be built on the same catalogue.`)
  const changed = changedRoles(cb, ca)
  const combos = new Combos()
  const sides: (Side | undefined)[][] = [[], []]
  const nobody = absent(cb)
  const side = (k: 0 | 1, combo: Combo | undefined): Side => {
    if (combo === undefined) return nobody
    const known = sides[k]![combo.n]
    if (known !== undefined) return known
    const made = sideOf(k === 0 ? cb : ca, combo)
    sides[k]![combo.n] = made
    return made
  }
  // The diff of a combination with itself (the user's roles and seat did not change), by number.
  const same: (PairDiff | undefined)[] = []
  const sameDiff = (combo: Combo): PairDiff => {
    let diff = same[combo.n]
    if (diff === undefined) {
      diff = touches(combo, changed) ? diffOf(ca, side(0, combo), side(1, combo)) : unchangedDiff(cb, combo)
      same[combo.n] = diff
    }
    return diff
  }
  const pairs = new Map<number, PairDiff>()
  const pairDiff = (b: Combo | undefined, a: Combo | undefined): PairDiff => {
    if (b !== undefined && b === a) return sameDiff(b)
    const key = ((b?.n ?? -1) + 1) * (combos.list.length + 1) + ((a?.n ?? -1) + 1)
    let diff = pairs.get(key)
    if (diff === undefined) {
      diff = diffOf(ca, side(0, b), side(1, a))
      pairs.set(key, diff)
    }
    return diff
  }

  const rows: ImpactRow[] = []
  const totals = { users: 0, seatsNeeded: [0, 0], seatsHeld: [0, 0], capacity: [0, 0] }
  /** Counts one user and lists them when their access, errors or memberships change. */
  const record = (
    id: string,
    b: Combo | undefined,
    a: Combo | undefined,
    diff: PairDiff,
    member: number,
    queues: ImpactRow['queues'],
  ): void => {
    totals.users++
    if (diff.needsSeat[0]) totals.seatsNeeded[0]!++
    if (diff.needsSeat[1]) totals.seatsNeeded[1]!++
    if (diff.consumesSeat[0]) totals.seatsHeld[0]!++
    if (diff.consumesSeat[1]) totals.seatsHeld[1]!++
    if (diff.countsTowardCapacity[0]) totals.capacity[0]!++
    if (diff.countsTowardCapacity[1]) totals.capacity[1]!++
    const membership = diff.membership[member]!
    if (!diff.changed && !diff.newErrors && queues === SAME_QUEUES && membership[0] === membership[1]) return
    // The errors name the user, so they are worked out per user, and only for a pair that creates some.
    const errors =
      diff.newErrors && a !== undefined
        ? Object.freeze(
            checkCompiled(ca, { id, roles: a.ids, seat: a.seat }).filter(
              (p) => p.severity === 'error' && !side(0, b).errors.has(errorKey(p)),
            ),
          )
        : NO_PROBLEMS
    rows.push(
      Object.freeze({
        userId: id,
        gained: diff.gained,
        lost: diff.lost,
        mode: diff.mode,
        needsSeat: diff.needsSeat,
        countsTowardCapacity: diff.countsTowardCapacity,
        consumesSeat: diff.consumesSeat,
        membership,
        queues,
        errors,
      }),
    )
  }

  if (after === 'same') {
    // A policy change: each user is compared with themselves as they are read, and nothing is kept.
    readSide(cb, `${what}: users before`, before, combos, false, (id, combo, queues) => {
      record(id, combo, combo, sameDiff(combo), queues.length > 0 ? 3 : 0, SAME_QUEUES)
    })
  } else {
    const was: Entry[] = []
    const now = new Map<string, Entry>()
    readSide(cb, `${what}: users before`, before, combos, true, (id, combo, queues) => was.push({ id, combo, queues }))
    readSide(ca, `${what}: users after`, after, combos, true, (id, combo, queues) => now.set(id, { id, combo, queues }))
    const inBoth = (b: Entry | undefined, a: Entry | undefined): void => {
      const member = ((b?.queues.length ?? 0) > 0 ? 2 : 0) + ((a?.queues.length ?? 0) > 0 ? 1 : 0)
      const queues = queueChange(b?.queues ?? NO_QUEUES, a?.queues ?? NO_QUEUES)
      record((b ?? a)?.id as string, b?.combo, a?.combo, pairDiff(b?.combo, a?.combo), member, queues)
    }
    for (const e of was) inBoth(e, now.get(e.id))
    const old = new Set(was.map((e) => e.id))
    for (const e of now.values()) if (!old.has(e.id)) inBoth(undefined, e)
  }
  const pair = (t: number[]): Change<number> => Object.freeze([t[0] ?? 0, t[1] ?? 0] as const)
  return Object.freeze({
    rows: Object.freeze(rows),
    totals: Object.freeze({
      users: totals.users,
      seatsNeeded: pair(totals.seatsNeeded),
      seatsHeld: pair(totals.seatsHeld),
      capacity: pair(totals.capacity),
    }),
  })
}
