import { GRANT_FORMAT, GRANT_VERSION, type Grant, versionLine, type WithheldReason } from '../grant/format.js'
import { GrantError } from './error.js'
import type { GuardOptions, GuardReason } from './types.js'

/** Whether a scoped permission's reach (R25) admits an item with this queue and assignee. */
export type Admits = (queue?: string, assignee?: string) => boolean

/**
 * A grant after validation: each listed permission with its reason (`granted` or why it is
 * withheld), and the reach of each granted scoped permission (absent: every item).
 */
export interface ReadGrant {
  readonly user: string
  readonly mode: Grant['mode']
  readonly permissions: readonly string[]
  readonly reasons: ReadonlyMap<string, GuardReason>
  readonly reach: ReadonlyMap<string, Admits>
  /** Display names by permission id (R35); empty for a grant from before names existed. */
  readonly names: ReadonlyMap<string, string>
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const isId = (value: unknown): value is string => typeof value === 'string' && value !== ''

/**
 * Validates untrusted grant data. Anything that is not what `createGrant` writes (wrong
 * types, duplicates, a permission both allowed and withheld, a mode that contradicts the
 * permissions) is refused, so a damaged grant can never widen what the page shows.
 * Messages only name the field that is bad (`malformed grant: bad permissions.`): this file
 * counts toward the client's budget (docs/frontend.md lists what each field must be).
 */
export function readGrant(raw: unknown, options: GuardOptions): ReadGrant {
  try {
    return parse(raw, options?.catalogue)
  } catch (error) {
    // A getter or Proxy trap that throws (in the grant or the options) is refused like any bad
    // grant: every error thrown is a GrantError, so a SeatguardError (SPEC 3).
    throw error instanceof GrantError ? error : new GrantError('malformed', 'malformed grant: reading it failed.')
  }
}

function parse(raw: unknown, expected: GuardOptions['catalogue']): ReadGrant {
  const bad = (why: string): never => {
    throw new GrantError('malformed', `malformed grant: bad ${why}.`)
  }
  if (!isRecord(raw) || raw.format !== GRANT_FORMAT) return bad('format')
  // Only a number is quoted: a value page code built without a string form would throw a TypeError here.
  if (raw.v !== GRANT_VERSION)
    throw new GrantError(
      'unsupported-version',
      // biome-ignore lint/suspicious/noDoubleEquals: typeof yields a string, and the byte counts in the 1 KB client budget
      `grant version ${typeof raw.v == 'number' ? raw.v : typeof raw.v} is not ${GRANT_VERSION}.`,
    )
  const { catalogue: c, user, mode, permissions: list, withheld, reach: r, names: n = {} } = raw
  if (!isRecord(c) || !isId(c.id) || !isId(c.version)) return bad('catalogue')
  // The same major version reads (versionLine): a minor catalogue release must not make every open tab refuse its grant.
  if (c.id !== expected?.id || versionLine(c.version) !== versionLine(expected.version)) {
    throw new GrantError(
      'catalogue-mismatch',
      `grant is for ${c.id}@${c.version}, not ${expected?.id}@${expected?.version}; fetch a new one.`,
    )
  }
  if (!isId(user)) bad('user')
  if (!Array.isArray(list)) return bad('permissions')
  const reasons = new Map<string, GuardReason>()
  for (const id of list) {
    if (!isId(id) || reasons.has(id)) bad('permissions')
    reasons.set(id, 'granted')
  }
  // R7: mode is none exactly when no permission is effective.
  if (!(reasons.size === 0 ? ['none'] : ['full', 'viewer']).includes(mode as string)) bad('mode')
  if (!isRecord(withheld)) return bad('withheld')
  for (const [id, reason] of Object.entries(withheld)) {
    // Withheld: an id not allowed, for a known reason; a full user holds a seat, so never no-seat (R4, R7).
    if (
      !isId(id) ||
      reasons.has(id) ||
      (reason !== 'missing-prerequisite' && (reason !== 'no-seat' || mode === 'full'))
    ) {
      bad(`withheld "${id}"`)
    }
    reasons.set(id, reason as WithheldReason)
  }
  // R25: required, so a grant from before reach existed is refused, never read as "reaches every item".
  if (!isRecord(r)) return bad('reach')
  const reach = new Map<string, Admits>()
  for (const [id, e] of Object.entries(r)) {
    if (reasons.get(id) !== 'granted') bad(`reach "${id}"`)
    // Odd values only narrow: a q that is no list reaches no queue, an element of it that is no id (a
    // hole included) no item, an a other than true no assigned item. q is copied: later edits change nothing.
    const { q, a } = (isRecord(e) ? e : {}) as Record<string, unknown>
    const queues = Array.isArray(q) ? q.filter(isId) : []
    reach.set(id, (queue, assignee) => queues.includes(queue as string) || (a === true && assignee === user))
  }
  // R35: optional, as names only word a decision; when present, every entry is a name.
  if (!isRecord(n) || !Object.values(n).every(isId)) bad('names')
  return {
    names: new Map(Object.entries(n as Record<string, string>)),
    user: user as string,
    mode: mode as Grant['mode'],
    permissions: Object.freeze([...list] as string[]),
    reasons,
    reach,
  }
}
