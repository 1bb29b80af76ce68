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
