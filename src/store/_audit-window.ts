import { reading } from '../errors.js'
import type { AuditQuery } from '../model/audit.js'

/** The entries an audit query asks for: after `after` (0 from the start), at most `limit` (undefined: all). */
export interface AuditWindow {
  readonly after: number
  readonly limit: number | undefined
}

/**
 * Reads an audit query as every store must: whole numbers, never below 0. The service
 * validates a caller's query first; this keeps a store safe when called directly (a query
 * that throws while read is `data/invalid`, R29).
 */
export function auditWindow(query: AuditQuery = {}): AuditWindow {
  return reading('audit: the query', () => {
    const { after: rawAfter, limit: rawLimit } = query
    const after = Math.max(0, Math.floor(rawAfter ?? 0))
    const limit = rawLimit === undefined ? undefined : Math.max(0, Math.floor(rawLimit))
    return { after, limit }
  })
}
