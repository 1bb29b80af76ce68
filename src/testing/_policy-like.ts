import type { Policy } from '../policy/types.js'

/**
 * What the arbitraries and invariants read of a policy: its catalogue and roles, and the
 * checks. A `Policy` is one; so is a product's own wrapper with the same methods.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * import type { PolicyLike } from 'seatguard/testing'
 * const mine: PolicyLike = createPolicy(conversations)
 * ```
 */
export type PolicyLike = Pick<
  Policy,
  'catalogue' | 'roles' | 'can' | 'explain' | 'access' | 'reach' | 'seatReport' | 'queueReport'
>

const MEMBERS = ['can', 'explain', 'access', 'reach', 'seatReport', 'queueReport'] as const

/** The names of what `value` lacks to be read as a policy; empty when nothing. */
export function missingMembers(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['catalogue', 'roles', ...MEMBERS]
  const v = value as Record<string, unknown>
  const out: string[] = []
  const catalogue = v.catalogue as { permissions?: unknown; roles?: unknown } | undefined
  if (typeof catalogue !== 'object' || catalogue === null || !Array.isArray(catalogue.permissions))
    out.push('catalogue')
  if (!Array.isArray(v.roles)) out.push('roles')
  for (const m of MEMBERS) if (typeof v[m] !== 'function') out.push(m)
  return out
}
