import { table } from '../_util.js'
import type { Catalogue } from '../catalogue/types.js'
import type { Access } from '../model/decision.js'
import type { Problem } from '../model/problem.js'
import type { Role } from '../model/role.js'
import { add, has, maskOf, wordsFor } from './_bits.js'

/** What a catalogue compiles to, once: interned permissions and precomputed masks. */
export interface CatalogueIndex {
  readonly catalogue: Catalogue
  readonly count: number
  readonly words: number
  readonly ids: readonly string[]
  readonly index: ReadonlyMap<string, number>
  /** The same numbers as `index`, as a table for the `can` hot path. */
  readonly number: Readonly<Record<string, number>>
  /** Seat-free permissions (R4). */
  readonly free: Uint32Array
  /** Permissions with no prerequisite (R6). */
  readonly open: Uint32Array
  /** Permissions with a prerequisite that has prerequisites of its own: evaluated in full. */
  readonly deep: Uint32Array
  /** Whether any permission has a prerequisite (R6); without one, `can` reads no prerequisite words. */
  readonly prerequisites: boolean
  readonly capacity: Uint32Array
  readonly requires: readonly (readonly number[])[]
  /** Every permission after its prerequisites. */
  readonly order: readonly number[]
  readonly defaultRoles: ReadonlySet<string>
  /** Per permission, the reach it declares (R20) as REACH_* bits; 0 when it declares none. */
  readonly declared: Uint8Array
  /** Permissions whose declared reach is `queue`: an effective one makes a membership a viewer's (R19). */
  readonly queueReach: Uint32Array
}

/** Reach bits (R20): every item, items in the user's queues, items assigned to the user. */
export const REACH_ALL = 1
export const REACH_QUEUE = 2
export const REACH_ASSIGNED = 4
const REACH_BITS = { all: REACH_ALL, queue: REACH_QUEUE, assigned: REACH_ASSIGNED } as const

/** A problem `check` finds for a role combination; its message goes on after the user's name ("User 'ana'"). */
export type CheckFinding = Problem

/** What a policy compiles to: the catalogue index plus one bitset triple per role. */
export interface Compiled {
  readonly cat: CatalogueIndex
  readonly roles: readonly Role[]
  readonly roleIndex: ReadonlyMap<string, number>
  /** For the `can` hot path: role id to the offset of its first triple in `bits` (`r * words * 3`). */
  readonly roleRow: Readonly<Record<string, number>>
  /** The default role each role counts as for R8 and R9 (itself, or derivedFrom). */
  readonly base: readonly (string | undefined)[]
  /**
   * For role r and word w, at `(r * words + w) * 3`: the permissions the role holds;
   * those whose prerequisite (R6) the role satisfies with a seat; and without one.
   * Prerequisites are additive over roles, so a check ORs one word per role.
   */
  readonly bits: Uint32Array
  /** Access per (known roles, seat) combination, computed once. */
  readonly cache: Map<string, Access>
  /** `check`'s findings per (roles in the user's order, seat), worded without the user's id. */
  readonly checks: Map<string, readonly CheckFinding[]>
}

const indexes = new WeakMap<Catalogue, CatalogueIndex>()

export function indexCatalogue(catalogue: Catalogue): CatalogueIndex {
  let found = indexes.get(catalogue)
  if (found === undefined) {
    found = buildIndex(catalogue)
    indexes.set(catalogue, found)
  }
  return found
}

function buildIndex(catalogue: Catalogue): CatalogueIndex {
  const ids = catalogue.permissions.map((p) => p.id)
  const index = new Map(ids.map((id, i) => [id, i]))
  const count = ids.length
  const requires = catalogue.permissions.map((p) => p.requires.map((id) => index.get(id) as number))
  const order: number[] = []
  const placed = new Set<number>()
  const place = (p: number): void => {
    if (placed.has(p)) return
    placed.add(p)
    for (const q of requires[p] ?? []) place(q)
    order.push(p)
  }
  for (let p = 0; p < count; p++) place(p)
  const capacity = new Set(catalogue.capacity)
  return {
    catalogue,
    count,
    words: wordsFor(count),
    ids,
    index,
    number: table(index),
    free: maskOf(count, (p) => catalogue.permissions[p]?.seat === false),
    open: maskOf(count, (p) => requires[p]?.length === 0),
    deep: maskOf(count, (p) => (requires[p] ?? []).some((q) => (requires[q]?.length ?? 0) > 0)),
    capacity: maskOf(count, (p) => capacity.has(ids[p] as string)),
    prerequisites: requires.some((reqs) => reqs.length > 0),
    requires,
    order,
    defaultRoles: new Set(catalogue.roles.map((r) => r.id)),
    declared: Uint8Array.from(catalogue.permissions, (p) => (p.reach === undefined ? 0 : REACH_BITS[p.reach])),
    queueReach: maskOf(count, (p) => catalogue.permissions[p]?.reach === 'queue'),
  }
}

export function compile(cat: CatalogueIndex, roles: readonly Role[]): Compiled {
  const { words, index, free, requires, count } = cat
  const bits = new Uint32Array(Math.max(1, roles.length * words * 3))
  roles.forEach((role, r) => {
    const held = new Uint32Array(words)
    for (const id of role.permissions) {
      const p = index.get(id)
      if (p !== undefined) add(held, p)
    }
    for (let p = 0; p < count; p++) {
      const base = (r * words + (p >>> 5)) * 3
      const bit = 1 << (p & 31)
      if (has(held, p)) bits[base] = (bits[base] ?? 0) | bit
      const reqs = requires[p] ?? []
      if (reqs.some((q) => has(held, q))) bits[base + 1] = (bits[base + 1] ?? 0) | bit
      if (reqs.some((q) => has(held, q) && has(free, q))) bits[base + 2] = (bits[base + 2] ?? 0) | bit
    }
  })
  return {
    cat,
    roles,
    roleIndex: new Map(roles.map((role, i) => [role.id as string, i])),
    roleRow: table(roles.map((role, i) => [role.id as string, i * words * 3])),
    base: roles.map((role) => (role.kind === 'default' ? role.id : role.derivedFrom)),
    bits,
    cache: new Map(),
    checks: new Map(),
  }
}

/** Whether role number r holds permission number p. */
export const roleHolds = (c: Compiled, r: number, p: number): boolean =>
  ((c.bits[(r * c.cat.words + (p >>> 5)) * 3] ?? 0) & (1 << (p & 31))) !== 0
