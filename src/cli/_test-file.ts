import { dirname, resolve } from 'node:path'
import { isObject } from '../_util.js'
import type { WorkItem } from '../model/reach.js'
import { readUserFields } from '../model/read-user.js'
import { DECISION_REASONS, type DecisionReason } from '../model/reason.js'
import type { User } from '../model/user.js'
import type { CliCatalogue } from './_catalogue.js'
import { fileLabel, readJsonFile } from './_file.js'
import { brief, keyPath } from './_findings.js'
import { CliError, type CliIo } from './_io.js'
import { type PolicyFile, readPolicyData } from './_load.js'
import { didYouMean, followedBy, sentence } from './_suggest.js'

/** One example-based case of a test file (R32), read and resolved. */
export interface TestCase {
  readonly name: string
  readonly user: User
  readonly permission: string
  readonly item?: WorkItem
  /** `true` / `false`, or the reason the decision must give. */
  readonly expect: boolean | DecisionReason
}

/** Expected facts of one row of the seat report (any subset). */
export type SeatRowExpectation = Readonly<Record<string, unknown>>

export interface TestFile {
  readonly file: string
  readonly loaded: PolicyFile
  readonly cases: readonly TestCase[]
  /** `seats.totals` and `seats.rows` (by user id), each a subset of what the report holds. */
  readonly seats?: {
    readonly totals?: Readonly<Record<string, unknown>>
    readonly rows?: Readonly<Record<string, SeatRowExpectation>>
  }
  /** `queues`: per queue id, the user ids expected among its agents, viewers and inert members. */
  readonly queues?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>
}

const TOP_KEYS = ['policy', 'cases', 'seats', 'queues']
const CASE_KEYS = ['name', 'user', 'permission', 'item', 'expect']
const ROW_KEYS = ['label', 'mode', 'consumesSeat', 'needsSeat', 'countsTowardCapacity', 'flags']
const TOTAL_KEYS = ['users', 'seatsUsed', 'seatsNeeded', 'viewers', 'seatMissing', 'seatUnused']
const MEMBER_KEYS = ['agents', 'viewers', 'inert']

function onlyKeys(file: string, at: string, value: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of Object.keys(value))
    if (!keys.includes(key))
      throw new CliError(
        followedBy(`${file}: ${keyPath(at, key)}: unknown key${didYouMean(key, keys)}`, `expected ${keys.join(', ')}.`),
      )
}

function objectAt(file: string, at: string, value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw new CliError(`${file}: ${at}: must be an object, got ${brief(value)}.`)
  return value
}

/** The policy of the test file, read against `used`: its content inline, or a path relative to the test file. */
function policyOf(io: CliIo, path: string, file: string, value: unknown, used: CliCatalogue): PolicyFile {
  if (typeof value === 'string') {
    const target = path === '-' ? value : resolve(dirname(path), value)
    return readPolicyData(fileLabel(value), readJsonFile(io, target), used)
  }
  if (value === undefined)
    throw new CliError(`${file}: "policy" is missing: a policy file's content, or a path to one.`)
  return readPolicyData(`${file} (policy)`, value, used)
}

function itemOf(file: string, at: string, value: unknown): WorkItem | undefined {
  if (value === undefined) return undefined
  const item = objectAt(file, at, value)
  onlyKeys(file, at, item, ['queue', 'assignee'])
  for (const key of ['queue', 'assignee'] as const)
    if (item[key] !== undefined && (typeof item[key] !== 'string' || item[key] === ''))
      throw new CliError(`${file}: ${at}.${key}: must be a non-empty string, got ${brief(item[key])}.`)
  return item as WorkItem
}

function caseOf(file: string, loaded: PolicyFile, raw: unknown, i: number): TestCase {
  const at = `cases[${i}]`
  const c = objectAt(file, at, raw)
  onlyKeys(file, at, c, CASE_KEYS)
  let user: User
  if (typeof c.user === 'string') {
    const found = loaded.users.find((u) => u.user.id === c.user)
    const ids = loaded.users.map((u) => u.user.id)
    if (found === undefined)
      throw new CliError(
        sentence(`${file}: ${at}.user: no user ${JSON.stringify(c.user)} in the policy${didYouMean(c.user, ids)}`),
      )
    user = found.user
  } else if (readUserFields(c.user).ok && !Array.isArray(c.user)) {
    user = c.user as User
  } else {
    throw new CliError(
      `${file}: ${at}.user: must be a user id of the policy or a user object { id, roles, seat?, queues? }.`,
    )
  }
  const ids = loaded.policy.catalogue.permissions.map((p) => p.id as string)
  if (typeof c.permission !== 'string' || !ids.includes(c.permission))
    throw new CliError(
      sentence(
        `${file}: ${at}.permission: ${brief(c.permission)} is not a permission of the ${loaded.policy.catalogue.name} catalogue${typeof c.permission === 'string' ? didYouMean(c.permission, ids) : ''}`,
      ),
    )
  const expected = c.expect
  if (typeof expected !== 'boolean' && !(DECISION_REASONS as readonly unknown[]).includes(expected))
    throw new CliError(
      `${file}: ${at}.expect: must be true, false or a reason (${DECISION_REASONS.join(', ')}), got ${brief(expected)}.`,
    )
  if (c.name !== undefined && (typeof c.name !== 'string' || c.name === ''))
    throw new CliError(`${file}: ${at}.name: must be a non-empty string.`)
  const item = itemOf(file, `${at}.item`, c.item)
  const where = item === undefined ? '' : ` on ${JSON.stringify(item)}`
  const name = c.name ?? `${user.id} ${c.permission}${where} → ${String(expected)}`
  return {
    name,
    user,
    permission: c.permission,
    ...(item === undefined ? {} : { item }),
    expect: expected as TestCase['expect'],
  }
}

function seatsOf(file: string, value: unknown): TestFile['seats'] {
  if (value === undefined) return undefined
  const seats = objectAt(file, 'seats', value)
  onlyKeys(file, 'seats', seats, ['totals', 'rows'])
  if (seats.totals !== undefined)
    onlyKeys(file, 'seats.totals', objectAt(file, 'seats.totals', seats.totals), TOTAL_KEYS)
  if (seats.rows !== undefined) {
    const rows = objectAt(file, 'seats.rows', seats.rows)
    for (const [id, row] of Object.entries(rows))
      onlyKeys(file, keyPath('seats.rows', id), objectAt(file, keyPath('seats.rows', id), row), ROW_KEYS)
  }
  return seats as TestFile['seats']
}

function queuesOf(file: string, value: unknown): TestFile['queues'] {
  if (value === undefined) return undefined
  const queues = objectAt(file, 'queues', value)
  for (const [queue, raw] of Object.entries(queues)) {
    const at = keyPath('queues', queue)
    const members = objectAt(file, at, raw)
    onlyKeys(file, at, members, MEMBER_KEYS)
    for (const [kind, ids] of Object.entries(members))
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))
        throw new CliError(`${file}: ${at}.${kind}: must be an array of user ids.`)
  }
  return queues as TestFile['queues']
}

/**
 * Reads a test file (R32), `{ policy, cases, seats?, queues? }`, its policy against the
 * catalogue in use. Any fault of the file is a CliError (exit 2).
 */
export function loadTestFile(io: CliIo, path: string, used: CliCatalogue): TestFile {
  const file = fileLabel(path)
  const data = objectAt(file, 'the test file', readJsonFile(io, path))
  onlyKeys(file, '', data, TOP_KEYS)
  const loaded = policyOf(io, path, file, data.policy, used)
  if (data.cases !== undefined && !Array.isArray(data.cases))
    throw new CliError(`${file}: cases: must be an array, got ${brief(data.cases)}.`)
  const cases = ((data.cases as unknown[] | undefined) ?? []).map((raw, i) => caseOf(file, loaded, raw, i))
  const seats = seatsOf(file, data.seats)
  const queues = queuesOf(file, data.queues)
  return { file, loaded, cases, ...(seats === undefined ? {} : { seats }), ...(queues === undefined ? {} : { queues }) }
}
