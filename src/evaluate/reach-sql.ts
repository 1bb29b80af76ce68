import { isObject, show } from '../_util.js'
import { SeatguardError } from '../errors.js'
import type { Reach } from '../model/reach.js'

/**
 * The columns of the caller's table that {@link reachToSql} filters on: where an item's
 * queue id and its assignee's user id are kept.
 *
 * @example
 * ```ts
 * import type { ReachColumns } from 'seatguard'
 * const columns: ReachColumns = { queue: 'conversations.queue_id', assignee: 'conversations.assignee_id' }
 * ```
 */
export interface ReachColumns {
  /** The column holding the item's queue id: a plain SQL identifier, optionally `table.column`. */
  readonly queue: string
  /** The column holding the id of the user the item is assigned to. */
  readonly assignee: string
}

/**
 * A SQL condition and its parameters, to AND into the caller's query.
 *
 * @example
 * ```ts
 * import type { SqlFilter } from 'seatguard'
 * const filter: SqlFilter = { text: '(queue_id = ANY($1))', values: [['billing']] }
 * ```
 */
export interface SqlFilter {
  /** `TRUE`, `FALSE`, or a parenthesised condition naming only the given columns and `$n` parameters. */
  readonly text: string
  /** The parameter values, in order from `firstParam`. */
  readonly values: readonly unknown[]
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/

/**
 * Turns a {@link Reach} into a SQL condition for PostgreSQL (R23), so a list query selects
 * exactly the items `can` allows: `TRUE` for every item, `FALSE` for none, else
 * `(queue = ANY($1) OR assignee = $2)` with an empty part left out. Values are always
 * parameters; a column that is not a plain identifier (optionally `table.column`), or a
 * value that is not a reach, is refused with `data/invalid`.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, reachToSql } from 'seatguard'
 * const ana = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
 * const reach = createPolicy(conversations).reach(ana, 'contact-center/conversations/view')
 * const { text, values } = reachToSql(reach, { queue: 'queue_id', assignee: 'assignee_id' }, 2)
 * // text: '(queue_id = ANY($2))', values: [['billing']]; run `SELECT … WHERE tenant = $1 AND ${text}`
 * ```
 */
export function reachToSql(reach: Reach, columns: ReachColumns, firstParam = 1): SqlFilter {
  const { queue, assignee } = readColumns(columns)
  if (!Number.isSafeInteger(firstParam) || firstParam < 1) {
    throw new SeatguardError(
      'data/invalid',
      `reachToSql: "firstParam" must be a whole number ≥ 1, got ${show(firstParam)}.`,
    )
  }
  const read = readReach(reach)
  if (read.kind === 'all') return { text: 'TRUE', values: [] }
  if (read.kind === 'none') return { text: 'FALSE', values: [] }
  const parts: string[] = []
  const values: unknown[] = []
  if (read.queues.length > 0) {
    values.push([...read.queues])
    parts.push(`${queue} = ANY($${firstParam + values.length - 1})`)
  }
  if (read.assignee !== null) {
    values.push(read.assignee)
    parts.push(`${assignee} = $${firstParam + values.length - 1}`)
  }
  if (parts.length === 0) return { text: 'FALSE', values: [] }
  return { text: `(${parts.join(' OR ')})`, values }
}

function readColumns(columns: unknown): ReachColumns {
  const bad = (what: string, value: unknown): SeatguardError =>
    new SeatguardError(
      'data/invalid',
      `reachToSql: the ${what} column must be a plain SQL identifier such as queue_id or items.queue_id, got ${show(value)}.`,
    )
  try {
    if (!isObject(columns)) throw bad('queue', columns)
    const { queue, assignee } = columns
    if (typeof queue !== 'string' || !IDENTIFIER.test(queue)) throw bad('queue', queue)
    if (typeof assignee !== 'string' || !IDENTIFIER.test(assignee)) throw bad('assignee', assignee)
    return { queue, assignee }
  } catch (err) {
    if (err instanceof SeatguardError) throw err
    throw new SeatguardError('data/invalid', 'reachToSql: the columns could not be read.', { cause: err })
  }
}

/** A reach from the caller, read once and checked: what `policy.reach` returns. */
function readReach(reach: unknown): Reach {
  const bad = (): SeatguardError =>
    new SeatguardError('data/invalid', `reachToSql: pass what policy.reach() returned, got ${show(reach)}.`)
  try {
    if (!isObject(reach)) throw bad()
    const { kind } = reach
    if (kind === 'all') return { kind }
    if (kind === 'none') return { kind, reason: 'not-granted' }
    if (kind !== 'some') throw bad()
    const { queues, assignee } = reach
    if (!Array.isArray(queues) || (assignee !== null && typeof assignee !== 'string')) throw bad()
    const list: string[] = []
    for (let i = 0; i < queues.length; i++) {
      const q: unknown = queues[i]
      if (typeof q !== 'string') throw bad()
      list.push(q)
    }
    return { kind, queues: list, assignee: assignee as string | null }
  } catch (err) {
    if (err instanceof SeatguardError) throw err
    throw new SeatguardError('data/invalid', 'reachToSql: the reach could not be read.', { cause: err })
  }
}
