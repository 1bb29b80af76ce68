import type { AuditQuery } from '../model/audit.js'

/** The entries an audit query asks for: after `after` (0 from the start), at most `limit` (undefined: all). */
export interface AuditWindow {
  readonly after: number
  readonly limit: number | undefined
}

/**
 * Reads an audit query as every store must: whole numbers, never below 0. The service
 * validates a caller's query first; this keeps a store safe when called directly.
 */
export function auditWindow(query: AuditQuery = {}): AuditWindow {
  const after = Math.max(0, Math.floor(query.after ?? 0))
  const limit = query.limit === undefined ? undefined : Math.max(0, Math.floor(query.limit))
  return { after, limit }
}
