import { SeatguardError } from '../errors.js'
import { impactCompiled } from '../evaluate/_impact.js'
import { type AuditEntry, isRoleEntry, isTenantEntry } from '../model/audit.js'
import type { DryRun, TenantImpact } from '../model/dry-run.js'
import type { StoredRole } from '../model/role.js'
import { NO_SEAT_LIMIT, type StoredSeatLimit } from '../model/seats.js'
import type { StoredUser } from '../model/user.js'
import { compiledOf } from '../policy/create.js'
import type { PolicyStore, StoreTransaction } from '../store/types.js'
import { checkedLimit } from './_records.js'
import type { Snapshot } from './_snapshot.js'
import type { WriteContext } from './_writes.js'

/** What a write's work returns: its record and the audit entries it appended. */
type Work<T> = (tx: StoreTransaction) => Promise<{ readonly record: T; readonly entries: readonly AuditEntry[] }>

/** The tenant as the transaction saw it around the write, captured before it is rolled back. */
interface Seen<T> {
  readonly record: T
  readonly entries: readonly AuditEntry[]
  readonly roles: readonly [readonly StoredRole[], readonly StoredRole[]]
  /** Users the write's role changes reach (their records inside the transaction). */
  readonly holders: readonly StoredUser[]
  readonly limit: readonly [StoredSeatLimit, StoredSeatLimit]
  readonly held: readonly [number, number]
}

const limitIn = async (tx: StoreTransaction): Promise<StoredSeatLimit> =>
  typeof tx.seatLimit === 'function' && typeof tx.putSeatLimit === 'function'
    ? checkedLimit(await tx.seatLimit(), 'seatLimit()')
    : NO_SEAT_LIMIT

/** Whether `err` is `abort`, as thrown or as the cause a store wrapper gave it. */
const isAbort = (err: unknown, abort: Error): boolean =>
  err === abort || (err instanceof SeatguardError && err.cause === abort)

/**
 * R34: runs the write's own work inside a store transaction, exactly as the real write
 * (validation R14, the stored seat limit R15, versions R16), records what it saw, then
 * throws a private error so the store rolls everything back: no record, no audit entry, no
 * change event or NOTIFY (both are sent only on commit). The impact compares the tenant's
 * users before and after (R33): the snapshot's users, corrected by every record the
 * transaction read or wrote for this write.
 */
export async function dryRun<T>(
  ctx: WriteContext,
  store: PolicyStore,
  tenant: string,
  snapshot: Snapshot,
  work: Work<T>,
): Promise<DryRun<T>> {
  const abort = new Error('seatguard: dry run, rolled back')
  let seen: Seen<T> | undefined
  try {
    await store.transaction(tenant, async (tx) => {
      const [roles, limit, held] = [await tx.roles(), await limitIn(tx), await tx.seatsHeld()]
      const { record, entries } = await work(tx)
      const holders: StoredUser[] = []
      for (const entry of entries) if (isRoleEntry(entry)) holders.push(...(await tx.usersWithRole(entry.target)))
      seen = {
        record,
        entries,
        roles: [roles, await tx.roles()],
        holders,
        limit: [limit, await limitIn(tx)],
        held: [held, await tx.seatsHeld()],
      }
      throw abort
    })
  } catch (err) {
    if (seen !== undefined && isAbort(err, abort)) return { record: seen.record, impact: impactOf(ctx, snapshot, seen) }
    throw err
  }
  throw new SeatguardError(
    'data/invalid',
    'The store committed a dry run: its transaction() did not reject when the work threw; check the adapter against testStore.',
  )
}

function impactOf<T>(ctx: WriteContext, snapshot: Snapshot, seen: Seen<T>): TenantImpact {
  const before = new Map(snapshot.users)
  for (const user of seen.holders) before.set(user.id, user)
  const first = new Set<string>()
  const users = seen.entries.filter((e) => !isRoleEntry(e) && !isTenantEntry(e))
  for (const entry of users) {
    if (first.has(entry.target)) continue
    first.add(entry.target)
    const was = entry.before as StoredUser | null
    if (was === null) before.delete(entry.target)
    else before.set(entry.target, was)
  }
  const after = new Map(before)
  for (const entry of users) {
    const is = entry.after as StoredUser | null
    if (is === null) after.delete(entry.target)
    else after.set(entry.target, is)
  }
  const [cb, ca] = seen.roles.map((roles) => compiledOf(ctx.policyOf(roles)))
  if (cb === undefined || ca === undefined)
    throw new SeatguardError('data/invalid', 'The tenant could not be compiled.')
  const [limit, next] = seen.limit
  const held = seen.held
  const excess = next.limit === null ? 0 : Math.max(0, held[1] - next.limit)
  return Object.freeze({
    ...impactCompiled(cb, ca, before.values(), after.values(), 'dry run'),
    seats: Object.freeze({
      limit: Object.freeze([limit.limit, next.limit] as const),
      held: Object.freeze([held[0], held[1]] as const),
      excess,
    }),
  })
}
