import type { SeatFlag } from './seats.js'

/**
 * One member of a queue in a {@link QueueReport}.
 *
 * @example
 * ```ts
 * import type { QueueMember } from 'seatguard'
 * const ben: QueueMember = { userId: 'ben', countsTowardCapacity: false, flags: ['seat-missing'] }
 * ```
 */
export interface QueueMember {
  /** The user's id. */
  readonly userId: string
  /** The user counts toward capacity (R11): true for every agent, never for a viewer. */
  readonly countsTowardCapacity: boolean
  /** `seat-missing` for a viewer who needs a seat (R10); empty otherwise. */
  readonly flags: readonly SeatFlag[]
}

/**
 * Queue memberships across many users (R24): each queue named by a membership, in the order
 * first seen, with its members by kind. Users who reach a queue only because a permission
 * reaches every item (supervisors) are not members and are not listed.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const report = createPolicy(conversations).queueReport([
 *   { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] },
 *   { id: 'ben', roles: ['agent'], queues: ['billing'] },
 * ])
 * const [billing] = report.queues // agents: ana; viewers: ben (seat-missing)
 * ```
 */
export interface QueueReport {
  /** One entry per queue, in the order first seen. */
  readonly queues: readonly {
    /** The queue id. */
    readonly queue: string
    /** Members who count toward capacity, in input order. */
    readonly agents: readonly QueueMember[]
    /** Members in viewer mode (R5), in input order; they never count toward capacity. */
    readonly viewers: readonly QueueMember[]
    /** Members whose membership opens nothing, in input order. */
    readonly inert: readonly QueueMember[]
  }[]
  /** Counts over all queues: memberships of each kind (a user in two queues counts twice). */
  readonly totals: {
    /** Queues in the report. */
    readonly queues: number
    /** Agent memberships. */
    readonly agents: number
    /** Viewer memberships. */
    readonly viewers: number
    /** Inert memberships. */
    readonly inert: number
  }
}
