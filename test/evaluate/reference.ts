/**
 * A slow, obviously-correct evaluator written from SPEC alone, to hold the compiled
 * engine to. It shares no code with src/: plain sets and a fixpoint loop.
 */
export interface RefPermission {
  readonly id: string
  readonly seat: boolean
  readonly requires: readonly string[]
}
export interface RefModel {
  readonly permissions: readonly RefPermission[]
  readonly roles: ReadonlyMap<string, readonly string[]>
  readonly capacity: readonly string[]
}
export interface RefUser {
  readonly roles: readonly string[]
  readonly seat?: boolean | undefined
}

export function referenceHeld(model: RefModel, user: RefUser): Set<string> {
  return new Set(user.roles.flatMap((r) => model.roles.get(r) ?? []))
}

/** R1 union, R4 seat, R6 any-of prerequisites, computed as a least fixpoint. */
export function referenceEffective(model: RefModel, user: RefUser, seat = user.seat === true): Set<string> {
  const held = referenceHeld(model, user)
  const effective = new Set<string>()
  let changed = true
  while (changed) {
    changed = false
    for (const p of model.permissions) {
      if (effective.has(p.id) || !held.has(p.id)) continue
      if (!seat && p.seat) continue
      if (p.requires.length > 0 && !p.requires.some((q) => effective.has(q))) continue
      effective.add(p.id)
      changed = true
    }
  }
  return effective
}

export function referenceAccess(model: RefModel, user: RefUser) {
  const seat = user.seat === true
  const eff = referenceEffective(model, user)
  const isPaid = (id: string): boolean => model.permissions.find((p) => p.id === id)?.seat === true
  const paid = [...eff].some(isPaid)
  const free = [...eff].some((id) => !isPaid(id))
  const mode = seat && paid ? 'full' : free ? 'viewer' : 'none'
  return {
    mode,
    permissions: model.permissions.map((p) => p.id).filter((id) => eff.has(id)),
    consumesSeat: seat,
    needsSeat: [...referenceEffective(model, user, true)].some(isPaid),
    countsTowardCapacity: mode === 'full' && model.capacity.some((id) => eff.has(id)),
  }
}

export function referenceReason(model: RefModel, user: RefUser, permission: string): string {
  const p = model.permissions.find((x) => x.id === permission)
  if (!p) return 'unknown-permission'
  if (!referenceHeld(model, user).has(permission)) return 'not-granted'
  if (user.seat !== true && p.seat) return 'no-seat'
  return referenceEffective(model, user).has(permission) ? 'granted' : 'missing-prerequisite'
}
