import { SeatguardError } from '../errors.js'
import type { AuditEntry, StoredRole, StoredUser } from '../service/types.js'
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
    throw new SeatguardError('data/invalid', `Stored ${what} is not a list of ids; the seatguard tables were changed outside seatguard.`)
  }
  return parsed
}

export const ROLE_COLUMNS = 'id, name, description, permissions, derived_from, version'
export const USER_COLUMNS = 'id, roles, seat, version'
export const AUDIT_COLUMNS = 'tenant, seq, at, actor, action, target, before, after'

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
  return { id: String(row.id), roles: strings(row.roles, 'user roles'), seat: row.seat === true, version: Number(row.version) }
}

const isoTime = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString()

export function auditFromRow(row: Row): AuditEntry {
  return {
    seq: Number(row.seq),
    at: isoTime(row.at),
    tenant: String(row.tenant),
    actor: row.actor === null || row.actor === undefined ? null : String(row.actor),
    action: String(row.action),
    target: String(row.target),
    before: (json(row.before) ?? null) as StoredRole | null,
    after: (json(row.after) ?? null) as StoredRole | null,
  } as AuditEntry
}

/** A record as jsonb text, or SQL NULL. */
export const jsonb = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value))
