/**
 * Where a permission reaches, written again from the specification alone (R19–R23), to hold
 * the compiled engine to. It shares no code with src/ and builds on nothing but plain sets.
 */
export type RefReach = 'all' | 'queue' | 'assigned'
export interface RefReachPermission {
  readonly id: string
  readonly seat: boolean
  readonly requires: readonly string[]
  readonly reach?: RefReach | undefined
}
export interface RefReachModel {
  readonly permissions: readonly RefReachPermission[]
  readonly roles: ReadonlyMap<string, readonly string[]>
}
export interface RefReachUser {
  readonly id: string
  readonly roles: readonly string[]
  readonly seat?: boolean
  readonly queues?: readonly string[]
}
export interface RefItem {
  readonly queue?: string
  readonly assignee?: string
}

/** R1, R4, R6: the effective permissions, as a least fixpoint. */
export function refEffective(model: RefReachModel, user: RefReachUser): Set<string> {
  const held = new Set(user.roles.flatMap((r) => model.roles.get(r) ?? []))
  const eff = new Set<string>()
  for (let changed = true; changed; ) {
    changed = false
    for (const p of model.permissions) {
      if (eff.has(p.id) || !held.has(p.id) || (p.seat && user.seat !== true)) continue
      if (p.requires.length > 0 && !p.requires.some((q) => eff.has(q))) continue
      eff.add(p.id)
      changed = true
    }
  }
  return eff
}

/**
 * R20: what a permission reaches, as the set of reach kinds it admits: its own declared
 * reach; for one with prerequisites, the kinds of its effective prerequisites, together; for
 * one with neither, every item ('all').
 */
export function refKinds(model: RefReachModel, eff: ReadonlySet<string>, id: string): Set<RefReach> {
  const p = model.permissions.find((q) => q.id === id)
  if (p === undefined) return new Set()
  if (p.reach !== undefined) return new Set([p.reach])
  if (p.requires.length === 0) return new Set(['all'])
  const kinds = new Set<RefReach>()
  for (const q of p.requires) if (eff.has(q)) for (const k of refKinds(model, eff, q)) kinds.add(k)
  return kinds
}

/** R21: the permission is effective and its reach admits the item. */
export function refCan(model: RefReachModel, user: RefReachUser, id: string, item: RefItem): boolean {
  const eff = refEffective(model, user)
  if (!eff.has(id)) return false
  const kinds = refKinds(model, eff, id)
  if (kinds.has('all')) return true
  if (kinds.has('queue') && item.queue !== undefined && (user.queues ?? []).includes(item.queue)) return true
  return kinds.has('assigned') && item.assignee === user.id
}
