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
  /** For check and the seat report; absent in models that only evaluate access. */
  readonly about?: ReadonlyMap<string, RefRoleInfo>
  readonly exclusive?: readonly (readonly [string, string])[]
}
/** What check (R8, R9) and the seat label (R12) need to know of a role. */
export interface RefRoleInfo {
  readonly name: string
  readonly kind: 'default' | 'custom'
  readonly derivedFrom?: string | undefined
}
export interface RefUser {
  readonly id?: unknown
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

const NO_ACCESS = {
  mode: 'none',
  permissions: [],
  consumesSeat: false,
  needsSeat: false,
  countsTowardCapacity: false,
}

export function referenceAccess(model: RefModel, user: RefUser) {
  if (!referenceValid(user)) return NO_ACCESS
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

/** R13: an object with a non-empty string id, an array of strings as roles, and a boolean or absent seat. */
export function referenceValid(user: RefUser): boolean {
  if (typeof user !== 'object' || user === null) return false
  if (typeof user.id !== 'string' || user.id.length === 0) return false
  if (!Array.isArray(user.roles)) return false
  for (let i = 0; i < user.roles.length; i++) if (typeof user.roles[i] !== 'string') return false
  return user.seat === undefined || user.seat === true || user.seat === false
}

export function referenceReason(model: RefModel, user: RefUser, permission: string): string {
  const p = model.permissions.find((x) => x.id === permission)
  if (!p) return 'unknown-permission'
  if (!referenceValid(user)) return 'invalid-user'
  if (!referenceHeld(model, user).has(permission)) return 'not-granted'
  if (user.seat !== true && p.seat) return 'no-seat'
  return referenceEffective(model, user).has(permission) ? 'granted' : 'missing-prerequisite'
}

/** The user's known role ids, each once, in the order the user lists them. */
function knownRoles(model: RefModel, user: RefUser): string[] {
  const out: string[] = []
  for (const r of user.roles) if (model.roles.has(r) && !out.includes(r)) out.push(r)
  return out
}

/** explain's reason, grantedBy (the user's roles holding it, unless not granted) and missing (R6's prerequisites). */
export function referenceDecision(model: RefModel, user: RefUser, permission: string) {
  const reason = referenceReason(model, user, permission)
  const grantedBy = ['unknown-permission', 'invalid-user'].includes(reason)
    ? []
    : knownRoles(model, user).filter((r) => model.roles.get(r)?.includes(permission))
  const requires = model.permissions.find((x) => x.id === permission)?.requires ?? []
  return {
    allowed: reason === 'granted',
    reason,
    grantedBy,
    ...(reason === 'missing-prerequisite' ? { missing: requires } : {}),
  }
}

/** The default role a role counts as for R8 and R9: itself, or the one it was duplicated from. */
const countsAs = (model: RefModel, role: string): string | undefined => {
  const info = model.about?.get(role)
  return info?.kind === 'default' ? role : info?.derivedFrom
}

/**
 * check() without messages: unknown roles, R8 exclusive pairs, R9 copies beside their source,
 * R6 permissions that stay ineffective even with a seat, R10 seat/missing and seat/unused.
 */
export function referenceCheck(model: RefModel, user: RefUser) {
  if (!referenceValid(user)) return [{ code: 'data/invalid', severity: 'error' }]
  const known = knownRoles(model, user)
  const unknown = [...new Set(user.roles.filter((r) => !model.roles.has(r)))]
  const out: { code: string; severity: string; roles?: string[]; permissions?: string[] }[] = []
  if (unknown.length > 0) out.push({ code: 'assignment/unknown-role', severity: 'error', roles: unknown })
  for (const [a, b] of model.exclusive ?? []) {
    const as = known.filter((r) => countsAs(model, r) === a)
    const bs = known.filter((r) => countsAs(model, r) === b)
    if (as.length > 0 && bs.length > 0)
      out.push({ code: 'assignment/exclusive-roles', severity: 'error', roles: [...as, ...bs] })
  }
  for (const r of known) {
    const info = model.about?.get(r)
    if (info?.kind === 'custom' && info.derivedFrom !== undefined && known.includes(info.derivedFrom)) {
      out.push({ code: 'assignment/derived-with-source', severity: 'error', roles: [r, info.derivedFrom] })
    }
  }
  const held = referenceHeld(model, user)
  const withSeat = referenceEffective(model, user, true)
  const unusable = model.permissions.map((p) => p.id).filter((id) => held.has(id) && !withSeat.has(id))
  if (unusable.length > 0)
    out.push({ code: 'assignment/unusable-permission', severity: 'warning', permissions: unusable })
  const { needsSeat } = referenceAccess(model, user)
  if (needsSeat && user.seat !== true) out.push({ code: 'seat/missing', severity: 'warning' })
  if (user.seat === true && !needsSeat) out.push({ code: 'seat/unused', severity: 'warning' })
  return out
}

/** R12: "No default role" beside a custom role with a permission, else the default roles' names, catalogue order. */
export function referenceLabel(model: RefModel, user: RefUser): string {
  const known = knownRoles(model, user)
  if (known.some((r) => model.about?.get(r)?.kind === 'custom' && (model.roles.get(r)?.length ?? 0) > 0))
    return 'No default role'
  return [...(model.about ?? new Map<string, RefRoleInfo>())]
    .filter(([id, info]) => info.kind === 'default' && known.includes(id))
    .map(([, info]) => info.name)
    .join(', ')
}

/** The seat report (R10–R12) of well-formed users: one row each, in order, and the totals. */
export function referenceSeatReport(model: RefModel, users: readonly RefUser[]) {
  const rows = users.map((user) => {
    const a = referenceAccess(model, user)
    const flags = [
      ...(a.needsSeat && !a.consumesSeat ? ['seat-missing'] : []),
      ...(a.consumesSeat && !a.needsSeat ? ['seat-unused'] : []),
    ]
    const { mode, consumesSeat, needsSeat, countsTowardCapacity } = a
    return {
      userId: user.id,
      label: referenceLabel(model, user),
      mode,
      consumesSeat,
      needsSeat,
      countsTowardCapacity,
      flags,
    }
  })
  const count = (test: (row: (typeof rows)[number]) => boolean): number => rows.filter(test).length
  const totals = {
    users: rows.length,
    seatsUsed: count((r) => r.consumesSeat),
    seatsNeeded: count((r) => r.needsSeat),
    viewers: count((r) => r.mode === 'viewer'),
    seatMissing: count((r) => r.flags.includes('seat-missing')),
    seatUnused: count((r) => r.flags.includes('seat-unused')),
  }
  return { rows, totals }
}
