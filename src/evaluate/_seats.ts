import type { Access } from '../model/decision.js'
import type { SeatFlag, SeatReport, SeatReportRow } from '../model/seats.js'
import type { Compiled } from './_compile.js'
import { accessOf, comboKey, readUsers } from './_decide.js'

const NO_DEFAULT_ROLE = 'No default role'

/** R12: "No default role" beside a non-empty custom role, else the default roles' names in catalogue order. */
export function seatLabel(c: Compiled, roles: readonly number[]): string {
  if (roles.some((r) => c.roles[r]?.kind === 'custom' && (c.roles[r]?.permissions.length ?? 0) > 0))
    return NO_DEFAULT_ROLE
  // Default roles come first in the compiled list, in catalogue order.
  return roles
    .filter((r) => c.roles[r]?.kind === 'default')
    .sort((a, b) => a - b)
    .map((r) => c.roles[r]?.name as string)
    .join(', ')
}

/** The seat report (R10–R12). Malformed users are refused together, before any row is built. */
export function seatReportCompiled(c: Compiled, users: Iterable<unknown>): SeatReport {
  const read = readUsers(c, 'Seat report', users)
  const totals = { users: 0, seatsUsed: 0, seatsNeeded: 0, viewers: 0, seatMissing: 0, seatUnused: 0 }
  // Users share few (roles, seat) combinations: access and label are worked out once for each.
  const combos = new Map<string, { a: Access; label: string }>()
  const rows = read.map((u): SeatReportRow => {
    const key = comboKey(u.roles, u.seat)
    let combo = combos.get(key)
    if (combo === undefined) {
      combo = { a: accessOf(c, u.roles, u.seat, key), label: seatLabel(c, u.roles) }
      combos.set(key, combo)
    }
    const { a, label } = combo
    const flags: SeatFlag[] = []
    if (a.needsSeat && !u.seat) flags.push('seat-missing')
    if (u.seat && !a.needsSeat) flags.push('seat-unused')
    totals.users++
    if (a.consumesSeat) totals.seatsUsed++
    if (a.needsSeat) totals.seatsNeeded++
    if (a.mode === 'viewer') totals.viewers++
    if (flags.includes('seat-missing')) totals.seatMissing++
    if (flags.includes('seat-unused')) totals.seatUnused++
    return {
      userId: u.id,
      label,
      mode: a.mode,
      consumesSeat: a.consumesSeat,
      needsSeat: a.needsSeat,
      countsTowardCapacity: a.countsTowardCapacity,
      flags,
    }
  })
  return { rows, totals }
}
