import { SeatguardError } from '../errors.js'
import type { Access } from '../model/decision.js'
import type { Change, Impact, ImpactRow } from '../model/impact.js'
import type { Problem } from '../model/problem.js'
import type { MembershipKind } from '../model/reach.js'
import { checkCompiled } from './_check.js'
import type { Compiled } from './_compile.js'
import { accessOf, effective, NO_ACCESS } from './_decide.js'
import { type Combo, type Entry, readSide } from './_impact-read.js'

/** One combination as one policy sees it. */
interface Side {
  readonly access: Access
  readonly eff: Uint32Array
  readonly kind: MembershipKind
  /** Its error-level check problems, by code and roles (the message names the user). */
  readonly errors: ReadonlySet<string>
}

/** What one pair of combinations changes; shared by every user in that pair. */
interface PairDiff {
  readonly gained: readonly string[]
  readonly lost: readonly string[]
  readonly mode: Change<Access['mode']>
  readonly needsSeat: Change<boolean>
  readonly countsTowardCapacity: Change<boolean>
  readonly consumesSeat: Change<boolean>
  readonly kinds: Change<MembershipKind>
  readonly changed: boolean
  readonly newErrors: boolean
}

const errorKey = (p: Problem): string => `${p.code}|${(p.roles ?? []).join(',')}`

function sideOf(c: Compiled, combo: Combo): Side {
  const roles: number[] = []
  for (const id of combo.ids) {
    const r = c.roleIndex.get(id)
    if (r !== undefined) roles.push(r)
  }
  const access = accessOf(c, roles, combo.seat)
  const eff = effective(c, roles, combo.seat)
  let kind: MembershipKind = access.countsTowardCapacity ? 'agent' : 'inert'
  for (let w = 0; kind === 'inert' && w < eff.length; w++) if ((eff[w]! & c.cat.queueReach[w]!) !== 0) kind = 'viewer'
  const problems = checkCompiled(c, { id: 'impact', roles: combo.ids, seat: combo.seat })
  return { access, eff, kind, errors: new Set(problems.filter((p) => p.severity === 'error').map(errorKey)) }
}

/** Nobody: a user absent on one side has no roles and no seat. */
const absent = (c: Compiled): Side => ({
  access: NO_ACCESS,
  eff: new Uint32Array(c.cat.words),
  kind: 'inert',
  errors: new Set(),
})

const NO_QUEUES: readonly string[] = Object.freeze([])
const SAME_QUEUES = Object.freeze({ joined: NO_QUEUES, left: NO_QUEUES })

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

function diffOf(c: Compiled, b: Side, a: Side): PairDiff {
  const gained: string[] = []
  const lost: string[] = []
  for (let p = 0; p < c.cat.count; p++) {
    const w = p >>> 5
    const bit = 1 << (p & 31)
    const was = (b.eff[w]! & bit) !== 0
    const is = (a.eff[w]! & bit) !== 0
    if (is && !was) gained.push(c.cat.ids[p] as string)
    else if (was && !is) lost.push(c.cat.ids[p] as string)
  }
  const [x, y] = [b.access, a.access]
  let newErrors = false
  for (const key of a.errors) if (!b.errors.has(key)) newErrors = true
  return {
    gained: Object.freeze(gained),
    lost: Object.freeze(lost),
    mode: Object.freeze([x.mode, y.mode] as const),
    needsSeat: Object.freeze([x.needsSeat, y.needsSeat] as const),
    countsTowardCapacity: Object.freeze([x.countsTowardCapacity, y.countsTowardCapacity] as const),
    consumesSeat: Object.freeze([x.consumesSeat, y.consumesSeat] as const),
    kinds: [b.kind, a.kind],
    changed:
      gained.length > 0 ||
      lost.length > 0 ||
      x.mode !== y.mode ||
      x.needsSeat !== y.needsSeat ||
      x.countsTowardCapacity !== y.countsTowardCapacity ||
      x.consumesSeat !== y.consumesSeat,
    newErrors,
  }
}

/**
 * R33: the impact of going from `before` (users read against policy `cb`) to `after` (users
 * read against `ca`). Users are matched by id; `after` may be the same list as `before` (a
 * policy change), read once. Rows follow `before`'s order, then the users only in `after`.
 * It costs one read of each user and one evaluation per distinct (roles, seat) combination.
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
  const combos = new Map<string, Combo>()
  const was = readSide(cb, `${what}: users before`, before, combos)
  const now = after === 'same' ? was : readSide(ca, `${what}: users after`, after, combos)
  const byId = after === 'same' ? undefined : new Map(now.map((e) => [e.id, e]))
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
  const pairs = new Map<number, PairDiff>()
  const rows: ImpactRow[] = []
  const totals = { users: 0, seatsNeeded: [0, 0], seatsHeld: [0, 0], capacity: [0, 0] }
  const compare = (b: Entry | undefined, a: Entry | undefined): void => {
    const id = (b ?? a)?.id as string
    const key = ((b?.combo.n ?? -1) + 1) * (combos.size + 1) + ((a?.combo.n ?? -1) + 1)
    let diff = pairs.get(key)
    if (diff === undefined) {
      diff = diffOf(ca, side(0, b?.combo), side(1, a?.combo))
      pairs.set(key, diff)
    }
    totals.users++
    if (diff.needsSeat[0]) totals.seatsNeeded[0]!++
    if (diff.needsSeat[1]) totals.seatsNeeded[1]!++
    if (diff.consumesSeat[0]) totals.seatsHeld[0]!++
    if (diff.consumesSeat[1]) totals.seatsHeld[1]!++
    if (diff.countsTowardCapacity[0]) totals.capacity[0]!++
    if (diff.countsTowardCapacity[1]) totals.capacity[1]!++
    const membership = [
      (b?.queues.length ?? 0) > 0 ? diff.kinds[0] : null,
      (a?.queues.length ?? 0) > 0 ? diff.kinds[1] : null,
    ] as const
    const queues = b === a ? SAME_QUEUES : queueChange(b?.queues ?? NO_QUEUES, a?.queues ?? NO_QUEUES)
    const moved = queues.joined.length > 0 || queues.left.length > 0
    if (!diff.changed && !diff.newErrors && !moved && membership[0] === membership[1]) return
    const errors =
      diff.newErrors && a !== undefined
        ? checkCompiled(ca, { id, roles: a.combo.ids, seat: a.combo.seat }).filter(
            (p) => p.severity === 'error' && !side(0, b?.combo).errors.has(errorKey(p)),
          )
        : []
    rows.push(
      Object.freeze({
        userId: id,
        gained: diff.gained,
        lost: diff.lost,
        mode: diff.mode,
        needsSeat: diff.needsSeat,
        countsTowardCapacity: diff.countsTowardCapacity,
        consumesSeat: diff.consumesSeat,
        membership: Object.freeze(membership),
        queues,
        errors: Object.freeze(errors),
      }),
    )
  }
  if (byId === undefined) for (const e of was) compare(e, e)
  else {
    const old = new Set<string>()
    for (const e of was) {
      old.add(e.id)
      compare(e, byId.get(e.id))
    }
    for (const e of now) if (!old.has(e.id)) compare(undefined, e)
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
