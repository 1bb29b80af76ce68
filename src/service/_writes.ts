import { show } from '../_util.js'
import type { Catalogue } from '../catalogue/types.js'
import { errorFromProblems, SeatguardError } from '../errors.js'
import type { AuditDraft, AuditEntry } from '../model/audit.js'
import { isStorableId } from '../model/ids.js'
import type { StoredRole } from '../model/role.js'
import type { StoredUser, UserInput } from '../model/user.js'
import type { Policy } from '../policy/types.js'
import type { StoreTransaction } from '../store/types.js'
import {
  assertStorableRole,
  expectVersion,
  type ReadOptions,
  readUserInput,
  roleRecord,
  sameRole,
  sameUser,
  type UserWrite,
  userRecord,
} from './_records.js'
import { seatLimitProblem } from './_seat-limit.js'

/** What every write needs besides its arguments. */
export interface WriteContext {
  readonly catalogue: Catalogue
  readonly now: () => string
  /** The policy of these stored roles (the service reuses its snapshot's when they match). */
  readonly policyOf: (roles: readonly StoredRole[]) => Policy
}

/** The record a write returns, and the audit entries it appended (none for a no-op). */
export interface Written<T> {
  readonly record: T
  readonly entries: readonly AuditEntry[]
}

type Draft<R> = Omit<Extract<AuditDraft, { before: R | null }>, 'at' | 'actor'>

async function record<T>(
  ctx: WriteContext,
  tx: StoreTransaction,
  o: ReadOptions,
  result: T,
  drafts: readonly (Draft<StoredRole> | Draft<StoredUser>)[],
): Promise<Written<T>> {
  const at = ctx.now()
  const entries: AuditEntry[] = []
  for (const draft of drafts) entries.push(await tx.append({ ...draft, at, actor: o.actor } as AuditDraft))
  return { record: result, entries }
}

/**
 * R16: a role id's version never goes back in a tenant. A role created with the id of a removed
 * role starts one above that role's last version, so an `expectedVersion` read before the delete
 * is stale; a store without `retiredRoleVersion` cannot say, and the role starts at 1.
 */
async function firstVersion(tx: StoreTransaction, id: string): Promise<number> {
  if (typeof tx.retiredRoleVersion !== 'function') return 1
  const last: unknown = await tx.retiredRoleVersion(id)
  if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 0) {
    throw new SeatguardError(
      'data/invalid',
      `The store's retiredRoleVersion(${show(id)}) returned ${show(last)}, not a whole number ≥ 0; check the adapter against testStore.`,
    )
  }
  return last + 1
}

/** createRole and duplicateRole (R3): validated by the policy, which lists every problem (R14). */
export async function addRole(
  ctx: WriteContext,
  tx: StoreTransaction,
  o: ReadOptions,
  make: (policy: Policy) => Policy,
  id: unknown,
  action: 'role.created' | 'role.duplicated',
): Promise<Written<StoredRole>> {
  const roles = await tx.roles()
  const policy = ctx.policyOf(roles)
  // R3 before R16: a default role's id is never free, whatever version the caller names, so the
  // policy refuses it first (role/duplicate-id, every problem listed), as without expectedVersion.
  if (typeof id === 'string' && policy.role(id)?.kind === 'default') make(policy)
  const existing = typeof id === 'string' ? roles.find((r) => r.id === id) : undefined
  expectVersion('role', String(id), existing?.version ?? 0, o.expectedVersion)
  const role = make(policy).role(id as string)
  if (role?.kind !== 'custom') throw new SeatguardError('data/invalid', `The new role ${show(id)} was not added.`)
  const after = roleRecord(role, await firstVersion(tx, role.id))
  assertStorableRole(after)
  await tx.putRole(after)
  return record(ctx, tx, o, after, [{ action, target: after.id, before: null, after }])
}

export async function updateRole(
  ctx: WriteContext,
  tx: StoreTransaction,
  o: ReadOptions,
  id: string,
  patch: unknown,
): Promise<Written<StoredRole>> {
  const roles = await tx.roles()
  const policy = ctx.policyOf(roles)
  const before = roles.find((r) => r.id === id)
  if (before !== undefined) expectVersion('role', id, before.version, o.expectedVersion)
  const role = policy.updateRole(id, patch as never).role(id)
  if (before === undefined || role === undefined)
    throw new SeatguardError('role/unknown', `Role ${show(id)} does not exist in this tenant.`)
  const changed = roleRecord(role, before.version + 1)
  if (sameRole(before, changed)) return { record: before, entries: [] }
  assertStorableRole(changed)
  await tx.putRole(changed)
  return record(ctx, tx, o, changed, [{ action: 'role.updated', target: id, before, after: changed }])
}

export async function deleteRole(
  ctx: WriteContext,
  tx: StoreTransaction,
  o: ReadOptions,
  id: string,
  unassign: boolean,
): Promise<Written<StoredRole>> {
  const roles = await tx.roles()
  ctx.policyOf(roles).deleteRole(id) // role/immutable, role/unknown (R2)
  const before = roles.find((r) => r.id === id) as StoredRole
  expectVersion('role', id, before.version, o.expectedVersion)
  const holders = await tx.usersWithRole(id)
  if (holders.length > 0 && !unassign) {
    const ids = holders.map((u) => u.id)
    throw new SeatguardError(
      'role/in-use',
      `Role ${show(id)} is held by ${ids.map((u) => show(u)).join(', ')}; reassign them first or delete with { unassign: true }.`,
      {
        context: { role: id, users: ids },
      },
    )
  }
  const drafts: (Draft<StoredRole> | Draft<StoredUser>)[] = []
  for (const user of holders) {
    const after: StoredUser = { ...user, roles: user.roles.filter((r) => r !== id), version: user.version + 1 }
    await tx.putUser(after)
    drafts.push({ action: 'user.set', target: user.id, before: user, after })
  }
  await tx.removeRole(id)
  drafts.push({ action: 'role.deleted', target: id, before, after: null })
  return record(ctx, tx, o, before, drafts)
}

/** A user as a setUser of `write` leaves it: what `policy.check` reads, and the record to store. */
export interface NextUser {
  readonly next: {
    readonly id: string
    readonly roles: string[]
    readonly seat: boolean
    readonly queues: readonly string[]
  }
  readonly after: StoredUser
}

/**
 * What setUser (and each user of setUsers) stores over `before`: an absent seat or queue list
 * keeps the stored one (R25: `[]` clears the queues), the version goes one up (R16); undefined
 * when nothing changes (R17: a no-op keeps the version and writes no entry).
 */
export function nextUser(write: UserWrite, before: StoredUser | undefined): NextUser | undefined {
  const { id, roles, seat, queues } = write
  const next = { id, roles, seat: seat ?? before?.seat ?? false, queues: queues ?? before?.queues ?? [] }
  if (before !== undefined && sameUser(before, next)) return undefined
  return { next, after: userRecord(next, (before?.version ?? 0) + 1) }
}

/** setUser: creates or replaces; validated by `policy.check` (R8, R9, unknown roles) and the seat limit (R15). */
export async function setUser(
  ctx: WriteContext,
  tx: StoreTransaction,
  o: ReadOptions,
  input: UserInput,
): Promise<Written<StoredUser>> {
  const write = readUserInput(input)
  const { id } = write
  const before = await tx.user(id)
  expectVersion('user', id, before?.version ?? 0, o.expectedVersion)
  const changed = nextUser(write, before)
  if (changed === undefined) return { record: before as StoredUser, entries: [] }
  const { next, after } = changed
  const problems = ctx.policyOf(await tx.roles()).check(next)
  if (next.seat && !before?.seat) {
    const limit = await seatLimitProblem(tx, id)
    if (limit !== undefined) problems.push(limit)
  }
  if (problems.some((p) => p.severity === 'error')) throw errorFromProblems(problems, { user: id })
  await tx.putUser(after)
  return record(ctx, tx, o, after, [{ action: 'user.set', target: id, before: before ?? null, after }])
}

/** grantSeat / revokeSeat: unknown users are `store/not-found`; a grant respects the seat limit (R15). */
export async function setSeat(
  ctx: WriteContext,
  tx: StoreTransaction,
  o: ReadOptions,
  userId: string,
  seat: boolean,
): Promise<Written<StoredUser>> {
  // An id no store can hold names no user (and a database would fail on it instead of answering).
  const before = isStorableId(userId) ? await tx.user(userId) : undefined
  if (before === undefined) {
    throw new SeatguardError(
      'store/not-found',
      `User ${show(userId)} does not exist in this tenant; create it with setUser first.`,
      { context: { user: userId } },
    )
  }
  expectVersion('user', userId, before.version, o.expectedVersion)
  if (before.seat === seat) return { record: before, entries: [] }
  if (seat) {
    const limit = await seatLimitProblem(tx, userId)
    if (limit !== undefined) throw errorFromProblems([limit], { user: userId })
  }
  const after: StoredUser = { ...before, seat, version: before.version + 1 }
  await tx.putUser(after)
  return record(ctx, tx, o, after, [{ action: seat ? 'seat.granted' : 'seat.revoked', target: userId, before, after }])
}
