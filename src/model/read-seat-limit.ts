import { isObject } from '../_util.js'
import type { StoredSeatLimit } from './seats.js'

/** The greatest seat limit and limit version: what a PostgreSQL `integer` holds, so every store keeps the same values. */
export const MAX_SEAT_LIMIT = 2 ** 31 - 1

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_SEAT_LIMIT

/** Whether a value is a seat limit a tenant may store (R15): a whole number from 0 to {@link MAX_SEAT_LIMIT}, or `null` for none. */
export const isSeatLimit = (value: unknown): value is number | null => value === null || isCount(value)

/**
 * The one reader of a stored seat-limit record (R15): an object whose `limit` is a seat limit
 * or `null` and whose `version` is a whole number ≥ 0 (0 only with no limit: a limit that was
 * never set). Each field is read once; the answer is a fresh record, or `undefined` when the
 * value is no such record.
 */
export function readSeatLimit(value: unknown): StoredSeatLimit | undefined {
  if (!isObject(value)) return undefined
  const { limit, version } = value as { limit?: unknown; version?: unknown }
  if (!isSeatLimit(limit) || !isCount(version) || (version === 0 && limit !== null)) return undefined
  return { limit, version }
}
