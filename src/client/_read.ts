import { GRANT_FORMAT, GRANT_VERSION, type Grant, type WithheldReason } from '../grant/format.js'
import { GrantError } from './error.js'
import type { GuardReason } from './types.js'

/** A grant after validation: each listed permission with its reason (`granted` or why it is withheld). */
export interface ReadGrant {
  readonly user: string
  readonly mode: Grant['mode']
  readonly permissions: readonly string[]
  readonly reasons: ReadonlyMap<string, GuardReason>
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isId = (value: unknown): value is string => typeof value === 'string' && value !== ''

/**
 * Validates untrusted grant data. Anything that is not what `createGrant` writes (wrong
 * types, duplicates, a permission both allowed and withheld, a mode that contradicts the
 * permissions) is refused, so a damaged grant can never widen what the page shows.
 * Messages are terse on purpose: this file counts toward the client's 1 KB budget.
 */
export function readGrant(raw: unknown, expected: { readonly id: string; readonly version: string }): ReadGrant {
  const bad = (why: string): never => {
    throw new GrantError('malformed', `malformed grant: ${why}.`)
  }
  if (!isRecord(raw) || raw.format !== GRANT_FORMAT) return bad(`format is not ${GRANT_FORMAT}`)
  // Only a number is quoted: a value page code built without a string form would throw a TypeError here.
  if (raw.v !== GRANT_VERSION)
    throw new GrantError(
      'unsupported-version',
      // biome-ignore lint/suspicious/noDoubleEquals: typeof yields a string, and the byte counts in the 1 KB client budget
      `grant version ${typeof raw.v == 'number' ? raw.v : typeof raw.v} is not ${GRANT_VERSION}.`,
    )
  const { catalogue: c, user, mode, permissions: list, withheld } = raw
  if (!isRecord(c) || !isId(c.id) || !isId(c.version)) return bad('catalogue is not { id, version }')
  if (c.id !== expected?.id || c.version !== expected.version) {
    throw new GrantError(
      'catalogue-mismatch',
      `grant is for ${c.id}@${c.version}, not ${expected?.id}@${expected?.version}; fetch a new one.`,
    )
  }
  if (!isId(user)) bad('user is not an id')
  if (!Array.isArray(list)) return bad('permissions is not an array')
  const reasons = new Map<string, GuardReason>()
  for (const id of list) {
    if (!isId(id) || reasons.has(id)) bad('permissions are not distinct ids')
    reasons.set(id, 'granted')
  }
  // R7: mode is none exactly when no permission is effective.
  if (!(reasons.size === 0 ? ['none'] : ['full', 'viewer']).includes(mode as string))
    bad('mode contradicts permissions')
  if (!isRecord(withheld)) return bad('withheld is not an object')
  for (const [id, reason] of Object.entries(withheld)) {
    // Withheld: an id not allowed, for a known reason; a full user holds a seat, so never no-seat (R4, R7).
    if (
      !isId(id) ||
      reasons.has(id) ||
      (reason !== 'missing-prerequisite' && (reason !== 'no-seat' || mode === 'full'))
    ) {
      bad(`withheld "${id}" is invalid`)
    }
    reasons.set(id, reason as WithheldReason)
  }
  return {
    user: user as string,
    mode: mode as Grant['mode'],
    permissions: Object.freeze([...list] as string[]),
    reasons,
  }
}
