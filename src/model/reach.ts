import type { DecisionReason } from './reason.js'

/**
 * A piece of work a check can be about (R21): a conversation or ticket, by the queue it is
 * in and the user it is assigned to. Both are optional; a permission that reaches a queue
 * admits an item of one of the user's queues, one that reaches assigned work an item whose
 * `assignee` is the user.
 *
 * @example
 * ```ts
 * import { can, type WorkItem } from 'seatguard'
 * const item: WorkItem = { queue: 'billing', assignee: 'ben' }
 * const ana = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
 * can(ana, 'conversations/my-work/transfer', item) // true: billing is one of her queues
 * ```
 */
export interface WorkItem {
  /** The queue the item is in. */
  readonly queue?: string | undefined
  /** The id of the user the item is assigned to. */
  readonly assignee?: string | undefined
}

/**
 * Where a permission reaches for one user (R23): every item, none (with the reason
 * `explain` gives), or some: the items in `queues` and, when `assignee` is set, the
 * items assigned to that user. Both parts may be empty: allowed in principle, on no item.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, type Reach } from 'seatguard'
 * const ana = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
 * const reach: Reach = createPolicy(conversations).reach(ana, 'conversations/my-work/transfer')
 * // { kind: 'some', queues: ['billing'], assignee: 'ana' }
 * ```
 */
export type Reach =
  | {
      /** Every item. */
      readonly kind: 'all'
    }
  | {
      /** No item: the permission is not effective for the user. */
      readonly kind: 'none'
      /** Why not, as `explain` says it. */
      readonly reason: DecisionReason
    }
  | {
      /** The items in `queues`, and those assigned to `assignee`. */
      readonly kind: 'some'
      /** The user's queues the permission reaches, sorted, without repeats; may be empty. */
      readonly queues: readonly string[]
      /** The user's id when items assigned to them count, else `null`. */
      readonly assignee: string | null
    }

/**
 * The kind of a user's queue memberships (R19), which follows from their access and is
 * never stored: `agent` when they count toward capacity, `viewer` when a permission that
 * reaches queues is effective for them, else `inert`.
 *
 * @example
 * ```ts
 * import type { MembershipKind } from 'seatguard'
 * const kind: MembershipKind = 'viewer'
 * ```
 */
export type MembershipKind = 'agent' | 'viewer' | 'inert'
