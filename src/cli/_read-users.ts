import { isObject } from '../_util.js'
import { isStorableId, MAX_ID_LENGTH } from '../model/ids.js'
import { readUserFields, type UserFault, type UserRules } from '../model/read-user.js'
import type { User } from '../model/user.js'
import { readBatchVersion } from '../service/_records.js'
import { brief, type Finding, finding, keyPath } from './_findings.js'
import { didYouMean, followedBy } from './_suggest.js'

/**
 * Whose users these are. A policy file's are only checked: any non-empty id, and a `version`
 * (what a store adds, StoredUser, R16) accepted and ignored so `access.users()` can be written
 * as is. A users file's lines are what `importUsers` will write (R38), read by its rules: the
 * ids a store can keep, an optional `expectedVersion`, and no `version`.
 */
export type UserSource = 'policy' | 'import'

interface SourceRules {
  /** Whether the version fields are read as a batch user's (R16, R38), by the import's own reader. */
  readonly batch: boolean
  readonly keys: readonly string[]
  /** How the keys a user may have are listed in the message about an unknown one. */
  readonly has: string
  readonly rules: UserRules
  readonly id: string
}

const SOURCES: Readonly<Record<UserSource, SourceRules>> = {
  policy: {
    batch: false,
    keys: ['id', 'roles', 'seat', 'queues', 'version'],
    has: '"id", "roles", "seat", "queues" and optionally "version"',
    rules: { version: 'allowed' },
    id: 'A user needs a non-empty string "id"',
  },
  import: {
    batch: true,
    // `version` is read below, with the import's own reader, so it is refused in its words.
    keys: ['id', 'roles', 'seat', 'queues', 'expectedVersion', 'version'],
    has: '"id", "roles", "seat", "queues" and optionally "expectedVersion"',
    rules: { id: isStorableId },
    id: `A user needs an "id" that a store can keep: a non-empty string of at most ${MAX_ID_LENGTH} characters, without NUL characters or lone surrogates`,
  },
}

// The queue id pattern of R19 (model/ids.ts QUEUE_ID), in words.
const QUEUE_RULE =
  'A queue id must be a string of 1 to 128 letters, digits and . _ : / - that starts with a letter or digit'

/** A user of the file that passed validation, with where it came from. */
export interface FileUser {
  readonly user: User
  /** `users[3]` */
  readonly path: string
}

export interface ReadUsers {
  readonly users: readonly FileUser[]
  readonly findings: readonly Finding[]
}

function problemsOf(raw: unknown, at: string, source: SourceRules): Finding[] {
  const bad = (path: string, message: string): Finding => finding('error', path, 'data/invalid', message)
  if (!isObject(raw))
    return [
      bad(at, `A user must be an object with "id", "roles" and optionally "seat" and "queues", got ${brief(raw)}.`),
    ]
  const { keys } = source
  const out = Object.keys(raw)
    .filter((key) => !keys.includes(key))
    .map((key) =>
      bad(
        keyPath(at, key),
        followedBy(`Unknown key ${JSON.stringify(key)} in a user${didYouMean(key, keys)}`, `a user has ${source.has}.`),
      ),
    )
  if (source.batch) {
    const version = readBatchVersion(raw)
    if (!version.ok) out.push(bad(`${at}.${version.field}`, version.message))
  }
  const read = readUserFields(raw, source.rules)
  if (read.ok) return out
  const faulty = (field: UserFault['field']): boolean => read.faults.some((f) => f.field === field && !('index' in f))
  if (faulty('id')) out.push(bad(`${at}.id`, `${source.id}, got ${brief(raw.id)}.`))
  if (faulty('roles')) out.push(bad(`${at}.roles`, `"roles" must be an array of role ids, got ${brief(raw.roles)}.`))
  for (const f of read.faults) {
    if (f.field !== 'roles' || f.index === undefined) continue
    const role: unknown = (raw.roles as unknown[])[f.index]
    out.push(bad(`${at}.roles[${f.index}]`, `A role id must be a string, got ${brief(role)}.`))
  }
  if (faulty('seat'))
    out.push(bad(`${at}.seat`, `"seat" must be true or false (or left out for no seat), got ${brief(raw.seat)}.`))
  if (faulty('queues'))
    out.push(
      bad(`${at}.queues`, `"queues" must be an array of queue ids (or left out for none), got ${brief(raw.queues)}.`),
    )
  for (const f of read.faults) {
    if (f.field !== 'queues' || f.index === undefined) continue
    const queue: unknown = (raw.queues as unknown[])[f.index]
    out.push(bad(`${at}.queues[${f.index}]`, `${QUEUE_RULE}, got ${brief(queue)}.`))
  }
  if (faulty('version')) {
    out.push(
      bad(
        `${at}.version`,
        `"version" (the stored version of the user) must be a whole number when present, got ${brief(raw.version)}.`,
      ),
    )
  }
  return out
}

/** One entry read: the user when it is valid and its id is new, and what is wrong with it. */
export interface ReadEntry {
  readonly user: FileUser | undefined
  readonly findings: readonly Finding[]
}

/**
 * A reader of user entries, one at a time (the `users` list of a policy file, or the lines of
 * a users file, each by the rules of its {@link UserSource}): shape, known keys, and ids unique
 * across every entry it has read. It keeps only the ids it has seen, so a file of any length
 * can be read entry by entry.
 */
export function userReader(from: UserSource): (raw: unknown, at: string) => ReadEntry {
  const source = SOURCES[from]
  const seen = new Map<string, string>()
  return (raw, at) => {
    const problems = problemsOf(raw, at, source)
    if (problems.length > 0) return { user: undefined, findings: problems }
    const {
      version: _version,
      expectedVersion: _expected,
      ...user
    } = raw as unknown as User & {
      version?: number
      expectedVersion?: number
    }
    const first = seen.get(user.id)
    if (first !== undefined) {
      const message = `User id ${JSON.stringify(user.id)} appears twice (also at ${first}); user ids must be unique.`
      return { user: undefined, findings: [finding('error', `${at}.id`, 'data/invalid', message)] }
    }
    seen.set(user.id, at)
    return { user: { user, path: at }, findings: [] }
  }
}

/** Validates the `users` list of a policy file: shape, known keys, unique ids. */
export function readUsers(list: readonly unknown[]): ReadUsers {
  const read = userReader('policy')
  const users: FileUser[] = []
  const findings: Finding[] = []
  list.forEach((raw, i) => {
    const entry = read(raw, `users[${i}]`)
    findings.push(...entry.findings)
    if (entry.user !== undefined) users.push(entry.user)
  })
  return { users, findings }
}
