/** The reasons of a decision, in precedence order: when several apply, the first one wins (R22). */
export const DECISION_REASONS = Object.freeze([
  'unknown-permission',
  'invalid-user',
  'invalid-item',
  'not-granted',
  'no-seat',
  'missing-prerequisite',
  'out-of-reach',
  'granted',
] as const)

/**
 * Why a decision came out as it did. When several apply, the first of `unknown-permission`,
 * `invalid-user`, `invalid-item`, `not-granted`, `no-seat`, `missing-prerequisite`,
 * `out-of-reach` wins; `invalid-item` and `out-of-reach` come only from a check on a work item.
 * `docs/errors.md` in the package explains each reason and links its rule.
 *
 * @example
 * ```ts
 * import type { DecisionReason } from 'seatguard'
 * const denied: DecisionReason = 'no-seat'
 * ```
 */
export type DecisionReason = (typeof DECISION_REASONS)[number]
