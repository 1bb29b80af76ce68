import { distinct, isObject, show } from '../_util.js'
import type { Catalogue } from '../catalogue/types.js'
import { reading, SeatguardError } from '../errors.js'
import type { AuditQuery } from '../model/audit.js'
import { isStorableId, MAX_ID_LENGTH, storable } from '../model/ids.js'
import type { Problem } from '../model/problem.js'
import { readSeatLimit } from '../model/read-seat-limit.js'
import { readUserFields } from '../model/read-user.js'
import type { CustomRoleData, Role, StoredRole } from '../model/role.js'
import type { StoredSeatLimit } from '../model/seats.js'
import type { StoredUser, UserInput } from '../model/user.js'
import { createPolicy } from '../policy/create.js'
import type { Policy } from '../policy/types.js'
import type { WriteOptions } from './types.js'

/** Refuses a role whose texts a store could not keep (names and descriptions are free text). */
export function assertStorableRole(role: StoredRole): void {
  const texts = [role.id, role.name, role.description ?? '', role.derivedFrom ?? '', ...role.permissions]
  if (texts.every(storable)) return
  throw new SeatguardError(
    'data/invalid',
    `Role ${show(role.id)} holds text a store cannot keep (a NUL character or a lone surrogate); remove it.`,
    {
      context: { role: role.id },
    },
  )
}

/** Write options after validation. */
export interface ReadOptions {
  readonly actor: string | null
  readonly expectedVersion: number | undefined
  /** R34: validate and report the impact, write nothing. */
  readonly dryRun: boolean
}

/** Validates the `opts` of a write; bad options are `data/invalid`. */
export function readOptions(opts: WriteOptions | undefined): ReadOptions {
  if (opts === undefined) return { actor: null, expectedVersion: undefined, dryRun: false }
  if (!isObject(opts)) throw new SeatguardError('data/invalid', `Write options must be an object, got ${show(opts)}.`)
  const { actor, expectedVersion, dryRun } = opts
  if (actor !== undefined && (typeof actor !== 'string' || !storable(actor))) {
    throw new SeatguardError(
      'data/invalid',
      `Write option "actor" must be a string without NUL characters or lone surrogates, got ${show(actor)}.`,
    )
  }
  const expected = readExpectedVersion(expectedVersion, 'Write option "expectedVersion"')
  if (dryRun !== undefined && typeof dryRun !== 'boolean')
    throw new SeatguardError(
      'data/invalid',
      `Write option "dryRun" must be true, false or absent, got ${show(dryRun)}.`,
    )
  return { actor: actor ?? null, expectedVersion: expected, dryRun: dryRun === true }
}

const isExpectedVersion = (value: unknown): value is number | undefined =>
  value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)

/** R16: an `expectedVersion` (of the options, or of a user in a batch) is absent or a whole number ≥ 0; else `data/invalid`. */
export function readExpectedVersion(value: unknown, what: string): number | undefined {
  if (isExpectedVersion(value)) return value
  throw new SeatguardError('data/invalid', `${what} must be a whole number ≥ 0, got ${show(value)}.`)
}

/** The version fields of one user of a batch (R16, R38), read once: its `expectedVersion`, or what is wrong. */
export type BatchVersion =
  | { readonly ok: true; readonly expected: number | undefined }
  | { readonly ok: false; readonly field: 'version' | 'expectedVersion'; readonly message: string }

/** A batch user without `expectedVersion`, as most are: one answer shared by all of them. */
const NO_EXPECTED_VERSION: BatchVersion = Object.freeze({ ok: true, expected: undefined })

/**
 * The one reader of a batch user's version fields, for the service and `seatguard check --users`
 * (R38): `expectedVersion` absent or a whole number ≥ 0 (R16), and no `version`. A `version` is
 * what a store returns with a user (`ac.users()`); a batch that ignored it would overwrite
 * whatever changed since without a word, so it is refused with the field that does that job.
 */
export function readBatchVersion(entry: Readonly<Record<string, unknown>>): BatchVersion {
  const { version, expectedVersion } = entry
  if (version !== undefined)
    return {
      ok: false,
      field: 'version',
      message: `"version" is what a store returns with a user, not part of a write: pass it as "expectedVersion" to refuse the write if the user changed since (R16), or leave it out.`,
    }
  if (expectedVersion === undefined) return NO_EXPECTED_VERSION
  if (isExpectedVersion(expectedVersion)) return { ok: true, expected: expectedVersion }
  return {
    ok: false,
    field: 'expectedVersion',
    message: `"expectedVersion" must be a whole number ≥ 0, got ${show(expectedVersion)}.`,
  }
}

/** Validates the query of `audit()`: an object whose `after` and `limit` are whole numbers ≥ 0 when present. */
export function readAuditQuery(query: AuditQuery): AuditQuery {
  if (!isObject(query))
    throw new SeatguardError(
      'data/invalid',
      `audit: the query must be an object such as { after: 0, limit: 100 }, got ${show(query)}.`,
    )
  for (const key of ['after', 'limit'] as const) {
    const value: unknown = (query as Record<string, unknown>)[key]
    if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
      throw new SeatguardError('data/invalid', `audit: "${key}" must be a whole number ≥ 0, got ${show(value)}.`)
    }
  }
  return query
}

/** R16: why the write is refused when the caller saw another version of the record (0 = absent); undefined when it may go on. */
export function versionConflict(
  kind: 'role' | 'user',
  id: string,
  current: number,
  expected: number | undefined,
): string | undefined {
  if (expected === undefined || expected === current) return undefined
  const now = current === 0 ? 'it does not exist' : `it is at version ${current}`
  return `The ${kind} ${show(id)} changed: expected version ${expected}, but ${now}; reload it and retry.`
}

/** R16: refuses the write when the caller saw another version of the record (0 = absent). */
export function expectVersion(kind: 'role' | 'user', id: string, current: number, expected: number | undefined): void {
  const conflict = versionConflict(kind, id, current, expected)
  if (conflict === undefined) return
  throw new SeatguardError('store/conflict', conflict, {
    context: { [kind]: id, expectedVersion: expected, version: current },
  })
}

/** The policy of a tenant: the catalogue's default roles plus its stored custom roles. */
export function policyOf(catalogue: Catalogue, roles: Iterable<StoredRole>): Policy {
  const data: CustomRoleData[] = []
  for (const { version: _version, ...role } of roles) data.push(role)
  return createPolicy(catalogue, data)
}

/** A policy role as a stored record of the given version. */
export function roleRecord(role: Role, version: number): StoredRole {
  return {
    id: role.id,
    name: role.name,
    ...(role.description !== undefined ? { description: role.description } : {}),
    permissions: [...role.permissions],
    ...(role.derivedFrom !== undefined ? { derivedFrom: role.derivedFrom } : {}),
    version,
  }
}

export const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i])

export const sameRole = (a: StoredRole, b: StoredRole): boolean =>
  a.name === b.name &&
  a.description === b.description &&
  a.derivedFrom === b.derivedFrom &&
  sameList(a.permissions, b.permissions)

/** How `setUser` words each malformed field (R14); `roles` and `queues` cover an entry that is not a valid id. */
const SET_USER_FAULT = {
  id: (v: unknown) =>
    `"id" must be a non-empty string of at most ${MAX_ID_LENGTH} characters, without NUL characters or lone surrogates, got ${show(v)}.`,
  roles: (v: unknown) => `"roles" must be an array of role ids, got ${show(v)}.`,
  seat: (v: unknown) => `"seat" must be true, false or absent, got ${show(v)}.`,
  queues: (v: unknown) =>
    `"queues" must be absent or an array of queue ids (1 to 128 of A-Z a-z 0-9 . _ : / -, starting with a letter or digit), got ${show(v)}.`,
} as const

/** A `setUser` argument after validation; `queues` is undefined when absent (keep the stored ones). */
export interface UserWrite {
  readonly id: string
  readonly roles: string[]
  readonly seat: boolean | undefined
  readonly queues: readonly string[] | undefined
}

/**
 * Validates the shape of a `setUser` argument (or of one user of a batch, R38): the write, or,
 * when the user is malformed, the error to throw, worded with what starts its messages
 * (`setUser`, `setUsers: users[3]`) only then. Role and queue ids are deduplicated, first kept.
 */
export function userWrite(user: UserInput): UserWrite | ((what: string) => SeatguardError) {
  if (!isObject(user))
    return (what) => new SeatguardError('data/invalid', `${what}: a user must be an object, got ${show(user)}.`)
  // Each field is read once (a getter could answer differently twice), then validated as a plain record.
  const { id, roles, seat, queues } = user
  const fields = { id, roles, seat, queues }
  const read = readUserFields(fields, { id: isStorableId })
  if (read.ok) {
    const { user: u } = read
    return {
      id: u.id,
      roles: distinct(u.roles) as string[],
      seat: u.seat,
      queues: queues === undefined ? undefined : u.queues,
    }
  }
  return (what) => {
    const problems: Problem[] = []
    for (const field of ['id', 'roles', 'seat', 'queues'] as const) {
      if (!read.faults.some((f) => f.field === field)) continue
      problems.push({
        code: 'data/invalid',
        severity: 'error',
        message: `${what}: ${SET_USER_FAULT[field](fields[field])}`,
      })
    }
    return new SeatguardError('data/invalid', problems.map((p) => p.message).join(' '), { problems })
  }
}

/**
 * Validates the shape of a `setUser` argument (see {@link userWrite}); a malformed user is
 * `data/invalid`. So is a user carrying a version (R16): `setUser({ ...stored, seat: true })`
 * would otherwise overwrite whatever changed since the read, without a word, and an
 * `expectedVersion` on the user would be ignored the same way (a single write takes it as an option).
 */
export function readUserInput(user: UserInput): UserWrite {
  const write = userWrite(user)
  if (typeof write === 'function') throw write('setUser')
  const { version, expectedVersion } = user as unknown as Readonly<Record<string, unknown>>
  if (version !== undefined)
    throw new SeatguardError(
      'data/invalid',
      `setUser: "version" is what a store returns with a user, not part of a write: pass it as the option { expectedVersion } to refuse the write if the user changed since (R16), or leave it out.`,
    )
  if (expectedVersion !== undefined)
    throw new SeatguardError(
      'data/invalid',
      `setUser: "expectedVersion" goes in the options, setUser(user, { expectedVersion }), not on the user; only a batch user (setUsers) carries its own.`,
    )
  return write
}

/** A user record as stored: `queues` only when there are some, so users without queues keep today's records. */
export function userRecord(
  user: {
    readonly id: string
    readonly roles: readonly string[]
    readonly seat: boolean
    readonly queues: readonly string[]
  },
  version: number,
): StoredUser {
  const { id, roles, seat, queues } = user
  return queues.length > 0 ? { id, roles, seat, queues, version } : { id, roles, seat, version }
}

/** Whether two user records hold the same roles, seat and queues (an absent list is an empty one). */
export const sameUser = (
  a: Pick<StoredUser, 'roles' | 'seat' | 'queues'>,
  b: Pick<StoredUser, 'roles' | 'seat' | 'queues'>,
): boolean => a.seat === b.seat && sameList(a.roles, b.roles) && sameList(a.queues ?? [], b.queues ?? [])

/** A frozen copy of a stored user, for answers handed to callers. */
export const userOut = (user: StoredUser): StoredUser =>
  Object.freeze({
    ...user,
    roles: Object.freeze([...user.roles]),
    ...(user.queues !== undefined ? { queues: Object.freeze([...user.queues]) } : {}),
  })

/** A seat-limit record from the store, held to the one reader; anything else is the adapter's fault. */
export function checkedLimit(value: unknown, from: string): StoredSeatLimit {
  const read = reading(`The store's ${from}`, () => readSeatLimit(value))
  if (read !== undefined) return read
  throw new SeatguardError(
    'data/invalid',
    `The store's ${from} returned ${show(value)}, not a seat limit { limit: null or a whole number ≥ 0, version }; check the adapter against testStore.`,
  )
}
