import type { Access } from '../model/decision.js'
import type { Change } from '../model/impact.js'
import type { Problem } from '../model/problem.js'
import type { MembershipKind } from '../model/reach.js'
import { checkCompiled } from './_check.js'
import type { Compiled } from './_compile.js'
import { accessOf, effective, NO_ACCESS } from './_decide.js'
import type { Combo } from './_impact-read.js'

/** One combination as one policy sees it. */
export interface Side {
  readonly access: Access
  readonly eff: Uint32Array
  readonly kind: MembershipKind
  /** Its error-level check problems, by code and roles (the message names the user). */
  readonly errors: ReadonlySet<string>
}

type Membership = Change<MembershipKind | null>

/** What one pair of combinations changes; shared by every user in that pair. */
export interface PairDiff {
  readonly gained: readonly string[]
  readonly lost: readonly string[]
  readonly mode: Change<Access['mode']>
  readonly needsSeat: Change<boolean>
  readonly countsTowardCapacity: Change<boolean>
  readonly consumesSeat: Change<boolean>
  /** The membership pair for a user in a queue before (2) and after (1): index 0 to 3. */
  readonly membership: readonly [Membership, Membership, Membership, Membership]
  readonly changed: boolean
  readonly newErrors: boolean
}

const NOTHING: readonly string[] = Object.freeze([])
const NO_ERRORS: ReadonlySet<string> = new Set()

/**
 * What tells one error-level problem from another (R33: the errors a change creates): its code
 * and its roles as a set. A problem lists roles in the user's order, so the same problem with
 * the roles reordered is no new error; JSON, not a join, as an unknown id may hold a comma.
 */
export const errorKey = (p: Problem): string => JSON.stringify([p.code, ...[...(p.roles ?? [])].sort()])

/** The numbers of a combination's roles this policy knows. */
function known(c: Compiled, combo: Combo): number[] {
  const roles: number[] = []
  for (const id of combo.ids) {
    const r = c.roleIndex.get(id)
    if (r !== undefined) roles.push(r)
  }
  return roles
}

/** A membership's kind (R19): agent when counting toward capacity, viewer with a queue-reaching permission. */
function kindOf(c: Compiled, access: Access, eff: Uint32Array): MembershipKind {
  if (access.countsTowardCapacity) return 'agent'
  for (let w = 0; w < eff.length; w++) if ((eff[w]! & c.cat.queueReach[w]!) !== 0) return 'viewer'
  return 'inert'
}

export function sideOf(c: Compiled, combo: Combo): Side {
  const roles = known(c, combo)
  const access = accessOf(c, roles, combo.seat)
  const eff = effective(c, roles, combo.seat)
  const problems = checkCompiled(c, { id: 'impact', roles: combo.ids, seat: combo.seat })
  return {
    access,
    eff,
    kind: kindOf(c, access, eff),
    errors: new Set(problems.filter((p) => p.severity === 'error').map(errorKey)),
  }
}

/** Nobody: a user absent on one side has no roles and no seat. */
export const absent = (c: Compiled): Side => ({
  access: NO_ACCESS,
  eff: new Uint32Array(c.cat.words),
  kind: 'inert',
  errors: NO_ERRORS,
})

const pair = <T>(x: T, y: T): Change<T> => Object.freeze([x, y] as const)

function diffFrom(
  x: Access,
  y: Access,
  kinds: Change<MembershipKind>,
  gained: readonly string[],
  lost: readonly string[],
  newErrors: boolean,
): PairDiff {
  return {
    gained: Object.freeze(gained),
    lost: Object.freeze(lost),
    mode: pair(x.mode, y.mode),
    needsSeat: pair(x.needsSeat, y.needsSeat),
    countsTowardCapacity: pair(x.countsTowardCapacity, y.countsTowardCapacity),
    consumesSeat: pair(x.consumesSeat, y.consumesSeat),
    membership: [pair(null, null), pair(null, kinds[1]), pair(kinds[0], null), pair(kinds[0], kinds[1])],
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

/** What going from one side to the other changes: permissions by bit, the access pairs, new errors. */
export function diffOf(c: Compiled, b: Side, a: Side): PairDiff {
  const gained: string[] = []
  const lost: string[] = []
  for (let w = 0; w < c.cat.words; w++) {
    const moved = b.eff[w]! ^ a.eff[w]!
    if (moved === 0) continue
    for (let p = w * 32; p < Math.min(c.cat.count, w * 32 + 32); p++) {
      const bit = 1 << (p & 31)
      if ((moved & bit) === 0) continue
      if ((a.eff[w]! & bit) !== 0) gained.push(c.cat.ids[p] as string)
      else lost.push(c.cat.ids[p] as string)
    }
  }
  let newErrors = false
  for (const key of a.errors) if (!b.errors.has(key)) newErrors = true
  return diffFrom(b.access, a.access, [b.kind, a.kind], gained, lost, newErrors)
}

/**
 * The diff of a combination with itself when none of its roles changed: nothing but the
 * access pairs, which the totals count, from `accessOf` alone (no check, no bit comparison).
 */
export function unchangedDiff(c: Compiled, combo: Combo): PairDiff {
  const roles = known(c, combo)
  const access = accessOf(c, roles, combo.seat)
  const kind = kindOf(c, access, effective(c, roles, combo.seat))
  return diffFrom(access, access, [kind, kind], NOTHING, NOTHING, false)
}

/**
 * The role ids whose meaning differs between two policies on one catalogue: defined in one
 * only, or holding other permissions (the compiled rows, R1, R6), or another default role
 * for R8 and R9 (`kind`, `derivedFrom`). A combination of roles none of which changed reads
 * the same in both policies: same access, same membership kind, same `check` problems (they
 * name only the user's own roles and the catalogue's rules).
 */
export function changedRoles(cb: Compiled, ca: Compiled): ReadonlySet<string> {
  const changed = new Set<string>()
  const stride = cb.cat.words * 3
  for (const [id, rb] of cb.roleIndex) {
    const ra = ca.roleIndex.get(id)
    const [x, y] = [cb.roles[rb], ra === undefined ? undefined : ca.roles[ra]]
    if (ra === undefined || x === undefined || y === undefined) {
      changed.add(id)
      continue
    }
    if (x === y) continue
    let same = x.kind === y.kind && x.derivedFrom === y.derivedFrom && cb.base[rb] === ca.base[ra]
    for (let k = 0; same && k < stride; k++) same = cb.bits[rb * stride + k] === ca.bits[ra * stride + k]
    if (!same) changed.add(id)
  }
  for (const id of ca.roleIndex.keys()) if (!cb.roleIndex.has(id)) changed.add(id)
  return changed
}

/** Whether a combination holds a role that changed. */
export const touches = (combo: Combo, changed: ReadonlySet<string>): boolean =>
  changed.size > 0 && combo.ids.some((id) => changed.has(id))
