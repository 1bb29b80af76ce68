import type { AccessMode } from './decision.js'

/**
 * A flag of the seat report (R10).
 *
 * @example
 * ```ts
 * import type { SeatFlag } from 'seatguard'
 * const flag: SeatFlag = 'seat-unused'
 * ```
 */
export type SeatFlag = 'seat-missing' | 'seat-unused'

/**
 * One user's line in a {@link SeatReport}; `label` follows R12.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const [row] = createPolicy(conversations).seatReport([{ id: 'ana', roles: ['agent'], seat: true }]).rows
 * const label = row?.label // 'Agent for Conversations'
 * ```
 */
export interface SeatReportRow {
  /** The user's id. */
  readonly userId: string
  /** `No default role`, or the names of the user's default roles in catalogue order (R12). */
  readonly label: string
  /** The user's access mode (R7). */
  readonly mode: AccessMode
  /** The user holds a seat (R10). */
  readonly consumesSeat: boolean
  /** The user needs a seat for their roles (R10). */
  readonly needsSeat: boolean
  /** The user counts toward capacity (R11). */
  readonly countsTowardCapacity: boolean
  /** `seat-missing` and/or `seat-unused` (R10). */
  readonly flags: readonly SeatFlag[]
}

/**
 * Seats across many users: a row each, and totals.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const { totals } = createPolicy(conversations).seatReport([{ id: 'ana', roles: ['agent'], seat: true }, { id: 'vic', roles: ['viewer'] }])
 * const { seatsUsed, viewers } = totals // 1, 1
 * ```
 */
export interface SeatReport {
  /** One row per user, in the order given. */
  readonly rows: readonly SeatReportRow[]
  /** Counts over all rows. */
  readonly totals: {
    /** Users in the report. */
    readonly users: number
    /** Users holding a seat, needed or not. */
    readonly seatsUsed: number
    /** Users who need a seat, holding one or not. */
    readonly seatsNeeded: number
    /** Users in `viewer` mode. */
    readonly viewers: number
    /** Rows flagged `seat-missing`. */
    readonly seatMissing: number
    /** Rows flagged `seat-unused`. */
    readonly seatUnused: number
  }
}

/**
 * A tenant's stored seat limit (R15): `limit` is how many of its users may hold a seat at
 * once (`null`: no limit), `version` counts its changes (0 when it was never set, R16).
 *
 * @example
 * ```ts
 * import type { StoredSeatLimit } from 'seatguard'
 * const none: StoredSeatLimit = { limit: null, version: 0 }
 * const ten: StoredSeatLimit = { limit: 10, version: 1 }
 * ```
 */
export interface StoredSeatLimit {
  /** How many users of the tenant may hold a seat at once; `null` for no limit. */
  readonly limit: number | null
  /** 1 when first set, one more on each change; 0 when the tenant never had one (R16). */
  readonly version: number
}

/** The seat limit of a tenant that never had one. */
export const NO_SEAT_LIMIT: StoredSeatLimit = Object.freeze({ limit: null, version: 0 })

/**
 * A tenant's seats at a glance (R15): its stored limit, the seats its users hold, and how
 * many more can be granted (`null` without a limit; 0, never negative, when the limit was
 * lowered below the seats held). `limitVersion` is the limit's version, for `expectedVersion`.
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
 * await ac.setSeatLimit(5)
 * const { limit, held, available } = await ac.seats() // 5, 0, 5
 * ```
 */
export interface SeatUsage {
  /** The tenant's stored seat limit; `null` when it has none. */
  readonly limit: number | null
  /** How many users of the tenant hold a seat. */
  readonly held: number
  /** How many more seats can be granted: `limit - held`, at least 0; `null` without a limit. */
  readonly available: number | null
  /** The version of the stored limit (0 when never set), to pass as `expectedVersion` to `setSeatLimit`. */
  readonly limitVersion: number
}

/**
 * The seat report of a tenant (`ac.seatReport()`): the report of its users, whose totals also
 * show the tenant's stored seat limit and whether the seats held exceed it (R15).
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
 * await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
 * await ac.setSeatLimit(0) // lowering below the seats held revokes nothing
 * const { seatsUsed, limit, overLimit } = (await ac.seatReport()).totals // 1, 0, true
 * ```
 */
export interface TenantSeatReport extends SeatReport {
  /** Counts over all rows, and the tenant's seat limit. */
  readonly totals: SeatReport['totals'] & {
    /** The tenant's stored seat limit; `null` when it has none. */
    readonly limit: number | null
    /** Whether more seats are held than the limit allows (it was lowered below the seats held). */
    readonly overLimit: boolean
  }
}
