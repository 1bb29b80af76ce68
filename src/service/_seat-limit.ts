import { show } from '../_util.js'
import { SeatguardError } from '../errors.js'
import type { AuditEntry } from '../model/audit.js'
import type { Problem } from '../model/problem.js'
import { isSeatLimit, MAX_SEAT_LIMIT } from '../model/read-seat-limit.js'
import {
  NO_SEAT_LIMIT,
  type SeatReport,
  type SeatUsage,
  type StoredSeatLimit,
  type TenantSeatReport,
} from '../model/seats.js'
import type { StoreTransaction } from '../store/types.js'
import { checkedLimit, type ReadOptions } from './_records.js'
import type { Snapshot } from './_snapshot.js'

/** Whether the store keeps a seat limit: its transactions offer both halves of the pair (R15). */
const keepsLimit = (tx: StoreTransaction): boolean =>
  typeof tx.seatLimit === 'function' && typeof tx.putSeatLimit === 'function'

/** The tenant's seat limit as the transaction sees it: read inside it, so every instance enforces the stored one (R15). */
async function limitIn(tx: StoreTransaction): Promise<StoredSeatLimit> {
  if (!keepsLimit(tx)) return NO_SEAT_LIMIT
  return checkedLimit(await tx.seatLimit?.(), 'seatLimit()')
}

/** R15: the problem of giving `userId` a seat now, read from the stored limit inside the transaction. */
export async function seatLimitProblem(tx: StoreTransaction, userId: string): Promise<Problem | undefined> {
  const { limit } = await limitIn(tx)
  if (limit === null) return undefined
  const held = await tx.seatsHeld()
  if (held < limit) return undefined
  return {
    code: 'seat/limit-reached',
    severity: 'error',
    message: `No seat left for user ${show(userId)}: ${held} of ${limit} seats are taken; revoke one or raise the limit with setSeatLimit.`,
  }
}

/**
 * R15 for a batch (R38): the stored limit and the seats held, both read inside the transaction
 * before the batch writes anything; undefined when the tenant has no limit.
 */
export async function seatsUnderLimit(tx: StoreTransaction): Promise<{ limit: number; held: number } | undefined> {
  const { limit } = await limitIn(tx)
  return limit === null ? undefined : { limit, held: await tx.seatsHeld() }
}

/** Validates the argument of `setSeatLimit`. */
export function readLimitArgument(limit: unknown): number | null {
  if (isSeatLimit(limit)) return limit
  throw new SeatguardError(
    'data/invalid',
    `setSeatLimit: the limit must be a whole number from 0 to ${MAX_SEAT_LIMIT}, or null for no limit, got ${show(limit)}.`,
  )
}

/**
 * setSeatLimit (R15): stores the tenant's limit, versioned (R16) and audited as
 * `tenant.seat-limit-set` (R17). Lowering it below the seats held is allowed and revokes nothing.
 */
export async function setSeatLimit(
  now: () => string,
  tx: StoreTransaction,
  o: ReadOptions,
  tenant: string,
  limit: number | null,
): Promise<{ readonly record: StoredSeatLimit; readonly entries: readonly AuditEntry[] }> {
  if (!keepsLimit(tx))
    throw new SeatguardError(
      'data/invalid',
      'setSeatLimit: this store keeps no seat limit (its transactions have no seatLimit and putSeatLimit); use a store that does, such as createMemoryStore() or createPostgresStore().',
    )
  const before = await limitIn(tx)
  if (o.expectedVersion !== undefined && o.expectedVersion !== before.version) {
    throw new SeatguardError(
      'store/conflict',
      `The seat limit of tenant ${show(tenant)} changed: expected version ${o.expectedVersion}, but it is at version ${before.version}; reload it and retry.`,
      { context: { tenant, expectedVersion: o.expectedVersion, version: before.version } },
    )
  }
  if (before.limit === limit) return { record: before, entries: [] }
  const after: StoredSeatLimit = { limit, version: before.version + 1 }
  await tx.putSeatLimit?.(after)
  const entry = await tx.append({
    at: now(),
    actor: o.actor,
    action: 'tenant.seat-limit-set',
    target: tenant,
    before: before.version === 0 ? null : before,
    after,
  })
  return { record: after, entries: [entry] }
}

/** The tenant's seats from the snapshot: `available` is never negative, `null` without a limit. */
export function seatUsage(s: Snapshot): SeatUsage {
  let held = 0
  for (const user of s.users.values()) if (user.seat) held++
  const { limit, version } = s.seatLimit
  return { limit, held, available: limit === null ? null : Math.max(0, limit - held), limitVersion: version }
}

/** The seat report's totals with the tenant's limit, and whether the seats held exceed it (R15). */
export function withLimit(report: SeatReport, { limit }: StoredSeatLimit): TenantSeatReport {
  const overLimit = limit !== null && report.totals.seatsUsed > limit
  return { rows: report.rows, totals: { ...report.totals, limit, overLimit } }
}
