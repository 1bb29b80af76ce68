import { SeatguardError } from '../errors.js'
import { type AuditEntry, auditSubject, isAuditAction } from '../model/audit.js'
import { QUEUE_ID } from '../model/ids.js'
import { readRoleFields } from '../model/read-role.js'
import { readSeatLimit } from '../model/read-seat-limit.js'
import { readUserFields } from '../model/read-user.js'
import type { StoredRole } from '../model/role.js'
import { NO_SEAT_LIMIT, type StoredSeatLimit } from '../model/seats.js'
import type { StoredUser } from '../model/user.js'
import type { Row } from './_runner.js'

/** jsonb arrives parsed from pg and PGlite, but as text when a caller changed the type parsers. */
const json = (value: unknown): unknown => {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value // a jsonb string the driver already parsed: the shape checks reject it
  }
}

const strings = (value: unknown, what: string): string[] => {
  const parsed = json(value)
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
    throw new SeatguardError(
      'data/invalid',
      `Stored ${what} is not a list of ids; the seatguard tables were changed outside seatguard.`,
    )
  }
  return parsed
}

export const ROLE_COLUMNS = 'id, name, description, permissions, derived_from, version'
export const USER_COLUMNS = 'id, roles, seat, queues, version'
export const AUDIT_COLUMNS = 'tenant, seq, at, actor, action, target, before, after'
export const SEAT_LIMIT_COLUMNS = 'seat_limit, seat_limit_version'

/** R15: a tenant row's seat limit (no row, or columns never set: no limit, version 0), held to the one reader. */
export function seatLimitFromRow(row: Row): StoredSeatLimit {
  if (row.seat_limit_version === undefined || row.seat_limit_version === null) return NO_SEAT_LIMIT
  const limit = row.seat_limit === null || row.seat_limit === undefined ? null : Number(row.seat_limit)
  const read = readSeatLimit({ limit, version: Number(row.seat_limit_version) })
  if (read === undefined)
    throw new SeatguardError(
      'data/invalid',
      'Stored seat limit is not a whole number with a version; the seatguard tables were changed outside seatguard.',
    )
  return read
}

export function roleFromRow(row: Row): StoredRole {
  return {
    id: String(row.id),
    name: String(row.name),
    ...(row.description !== null && row.description !== undefined ? { description: String(row.description) } : {}),
    permissions: strings(row.permissions, 'role permissions'),
    ...(row.derived_from !== null && row.derived_from !== undefined ? { derivedFrom: String(row.derived_from) } : {}),
    version: Number(row.version),
  }
}

export function userFromRow(row: Row): StoredUser {
  const queues = strings(row.queues ?? [], 'user queues')
  if (!queues.every((q) => QUEUE_ID.test(q)))
    throw new SeatguardError(
      'data/invalid',
      'Stored user queues are not a list of queue ids; the seatguard tables were changed outside seatguard.',
    )
  return {
    id: String(row.id),
    roles: strings(row.roles, 'user roles'),
    seat: row.seat === true,
    // R25: a user without queues is the record it was before queues existed.
    ...(queues.length > 0 ? { queues: [...new Set(queues)] } : {}),
    version: Number(row.version),
  }
}

const isoTime = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString()

/**
 * An audit entry's record: null, or the role or user the service wrote, read by the same
 * reader as every role and user record (services replay these into their snapshots).
 */
function recordOf(
  value: unknown,
  subject: 'role' | 'user' | 'tenant',
  seq: number,
): StoredRole | StoredUser | StoredSeatLimit | null {
  const record = json(value) ?? null
  if (record === null) return null
  const edited = (): SeatguardError =>
    new SeatguardError(
      'data/invalid',
      `Stored audit entry ${seq} does not hold a record; the seatguard tables were changed outside seatguard.`,
    )
  if (subject === 'tenant') {
    const read = readSeatLimit(record)
    if (read === undefined) throw edited()
    return read
  }
  if (subject === 'role') {
    const read = readRoleFields(record, { version: 'required' })
    if (!read.ok) throw edited()
    return { ...(record as StoredRole), permissions: read.role.permissions }
  }
  const read = readUserFields(record, { version: 'required' })
  if (!read.ok) throw edited()
  const { queues: _queues, ...user } = record as StoredUser
  const { roles, queues } = read.user
  return { ...user, roles, ...(queues.length > 0 ? { queues } : {}) }
}

export function auditFromRow(row: Row): AuditEntry {
  const seq = Number(row.seq)
  const action = String(row.action)
  if (!isAuditAction(action))
    throw new SeatguardError(
      'data/invalid',
      `Stored audit entry ${seq} has an unknown action; the seatguard tables were changed outside seatguard.`,
    )
  const subject = auditSubject(action)
  return {
    seq,
    at: isoTime(row.at),
    tenant: String(row.tenant),
    actor: row.actor === null || row.actor === undefined ? null : String(row.actor),
    action,
    target: String(row.target),
    before: recordOf(row.before, subject, seq),
    after: recordOf(row.after, subject, seq),
  } as AuditEntry
}

/** A record as jsonb text, or SQL NULL. */
export const jsonb = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value)
