import { SeatguardError } from '../errors.js'
import type { WorkItem } from '../model/reach.js'
import type { User } from '../model/user.js'
import { count, requireInputs } from './_options.js'
import type { PolicyLike } from './_policy-like.js'
import { type FastCheck, type PolicyArbitrariesOptions, policyArbitraries } from './arbitraries.js'
import { type InvariantSample, type PolicyInvariant, policyInvariants } from './invariants.js'

/**
 * Options of {@link assertPolicy}: how many cases each invariant gets (default 100), the seed
 * (and shrink path) to replay a failure, which invariants to run, and how cases are drawn.
 *
 * @example
 * ```ts
 * import type { AssertPolicyOptions } from 'seatguard/testing'
 * const replay: AssertPolicyOptions = { numRuns: 200, seed: 1234 }
 * ```
 */
export interface AssertPolicyOptions {
  /** Cases per invariant (default 100). */
  readonly numRuns?: number
  /** The seed of the run, to replay a failure (default: a new one each run, shown on failure). */
  readonly seed?: number
  /** With `seed`, the shrink path a failure printed: replays the counterexample at once. */
  readonly path?: string
  /** The invariants to run (default {@link policyInvariants}, all of them). */
  readonly invariants?: readonly PolicyInvariant[]
  /** How users, items and lists are drawn (see {@link policyArbitraries}). */
  readonly arbitraries?: PolicyArbitrariesOptions
}

/**
 * Thrown by {@link assertPolicy} when an invariant fails: the message names the rule and shows
 * the shrunk counterexample in the catalogue's words, and the seed and path to replay it. It is
 * a test failure, not a seatguard error: it is not a `SeatguardError` and has no `code`.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { conversations, createPolicy } from 'seatguard'
 * import { assertPolicy, PolicyInvariantError } from 'seatguard/testing'
 * let broken: { rule: string; seed: number } | undefined
 * try {
 *   assertPolicy(fc, createPolicy(conversations))
 * } catch (err) {
 *   if (err instanceof PolicyInvariantError) broken = { rule: err.rule, seed: err.seed }
 * }
 * ```
 */
export class PolicyInvariantError extends Error {
  /** The rule that broke: `R4`. */
  readonly rule: string
  /** The shrunk case it broke on. */
  readonly counterexample: InvariantSample
  /** The seed of the run. */
  readonly seed: number
  /** The shrink path: `assertPolicy(fc, policy, { seed, path })` replays the case. */
  readonly path: string
  constructor(message: string, rule: string, counterexample: InvariantSample, seed: number, path: string) {
    super(message)
    this.name = 'PolicyInvariantError'
    this.rule = rule
    this.counterexample = counterexample
    this.seed = seed
    this.path = path
  }
}

/** A user in the catalogue's words: roles by name and id, seat, queues. */
export function describeUser(policy: PolicyLike, user: User): string {
  if (typeof user !== 'object' || user === null || !Array.isArray(user.roles)) return JSON.stringify(user)
  const roles = user.roles.map((id) => {
    const role = policy.roles.find((r) => r.id === id)
    return role === undefined ? `${id} (no such role)` : `${role.name} (${id})`
  })
  const queues = user.queues?.length ? `; queues ${user.queues.join(', ')}` : '; no queues'
  const id = typeof user.id === 'string' && user.id !== '' ? user.id : JSON.stringify(user.id)
  return `${id}: ${roles.length > 0 ? roles.join(', ') : 'no roles'}; ${user.seat === true ? 'a seat' : 'no seat'}${queues}`
}

/** A permission in the catalogue's words. */
export function describePermission(policy: PolicyLike, id: string): string {
  const p = policy.catalogue.permissions.find((q) => q.id === id)
  if (p === undefined) return `${id} (not in the catalogue)`
  const requires = p.requires.length > 0 ? `, requires any of ${p.requires.join(', ')}` : ''
  return `${p.name} (${id}; ${p.seat ? 'needs a seat' : 'seat-free'}${requires})`
}

/** A work item in words. */
export function describeItem(item: WorkItem): string {
  const parts = [
    item.queue === undefined ? 'no queue' : `queue ${item.queue}`,
    item.assignee === undefined ? 'unassigned' : `assigned to ${item.assignee}`,
  ]
  return parts.join(', ')
}

/** Smaller variants of a sample: one role, queue, listed user or item field fewer. */
function* smaller(s: InvariantSample): Generator<InvariantSample> {
  const u = s.user
  if (typeof u === 'object' && u !== null && Array.isArray(u.roles))
    for (let i = 0; i < u.roles.length; i++) yield { ...s, user: { ...u, roles: u.roles.filter((_, j) => j !== i) } }
  if (Array.isArray(u?.queues))
    for (let i = 0; i < u.queues.length; i++) yield { ...s, user: { ...u, queues: u.queues.filter((_, j) => j !== i) } }
  for (let i = 0; i < s.users.length; i++) yield { ...s, users: s.users.filter((_, j) => j !== i) }
  if (s.item.queue !== undefined)
    yield { ...s, item: { ...(s.item.assignee === undefined ? {} : { assignee: s.item.assignee }) } }
  if (s.item.assignee !== undefined)
    yield { ...s, item: { ...(s.item.queue === undefined ? {} : { queue: s.item.queue }) } }
}

/**
 * fast-check's shrinking keeps an edge case whole (every role at once); this removes one role,
 * queue, user or item field at a time while the invariant still fails, so the counterexample
 * shows only what it needs. It is deterministic, so a replayed seed ends at the same case.
 */
function simplest(sample: InvariantSample, fails: (s: InvariantSample) => boolean): InvariantSample {
  let current = sample
  for (let changed = true; changed; ) {
    changed = false
    for (const candidate of smaller(current)) {
      if (!fails(candidate)) continue
      current = candidate
      changed = true
      break
    }
  }
  return current
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/**
 * Runs the invariants ({@link policyInvariants}) on any object with the `Policy` methods, with
 * cases drawn by {@link policyArbitraries} (R31). On the first failure it throws one
 * {@link PolicyInvariantError} naming the rule, with the shrunk counterexample (a user, a
 * permission and an item, by display name and id) and the seed to replay it.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { conversations, createPolicy } from 'seatguard'
 * import { assertPolicy } from 'seatguard/testing'
 * const policy = createPolicy(conversations).duplicateRole('agent', { id: 'junior', name: 'Junior agent' })
 * assertPolicy(fc, policy, { numRuns: 50 })
 * ```
 */
export function assertPolicy(fc: FastCheck, policy: PolicyLike, options: AssertPolicyOptions = {}): void {
  requireInputs('assertPolicy', fc, policy)
  if (typeof options !== 'object' || options === null)
    throw new SeatguardError('data/invalid', 'assertPolicy: options must be an object.')
  const numRuns = count('assertPolicy', 'numRuns', options.numRuns, 100)
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff)
  if (!Number.isInteger(seed)) throw new SeatguardError('data/invalid', 'assertPolicy: seed must be a whole number.')
  const arbs = policyArbitraries(fc, policy, options.arbitraries)
  const roleIds = [...policy.roles.map((r) => r.id as string), 'not-a-role']
  const sample = fc.record({
    user: arbs.user,
    permission: arbs.permission,
    item: arbs.item,
    role: fc.constantFrom(...roleIds),
    users: arbs.users,
  })
  const permissionIds = policy.catalogue.permissions.map((p) => p.id as string)
  // The drawn permission first, then every other: a failure is found whichever permission breaks,
  // and the counterexample shows the one that did.
  const culprit = (invariant: PolicyInvariant, s: InvariantSample): [InvariantSample, string] | undefined => {
    for (const permission of [s.permission, ...permissionIds.filter((id) => id !== s.permission)]) {
      const focused = { ...s, permission }
      // A check that throws breaks R13 (checks never throw): a failure to report, not to escape.
      let why: string | undefined
      try {
        why = invariant.check(policy, focused)
      } catch (err) {
        why = `a check threw (${messageOf(err)}), and checks never throw (R13)`
      }
      if (why !== undefined) return [focused, why]
    }
    return undefined
  }
  for (const invariant of options.invariants ?? policyInvariants) {
    const property = fc.property(sample, (s: InvariantSample) => {
      const found = culprit(invariant, s)
      if (found !== undefined) throw new Error(found[1])
    })
    const params = options.path === undefined ? { numRuns, seed } : { numRuns, seed, path: options.path }
    const run = fc.check(property, params)
    if (!run.failed || run.counterexample === null) continue
    const [drawn] = run.counterexample as [InvariantSample]
    const simple = simplest(drawn, (c) => culprit(invariant, c) !== undefined)
    const [example, why] = culprit(invariant, simple) ?? [drawn, messageOf(run.errorInstance)]
    const path = run.counterexamplePath ?? ''
    const lines = [
      `${invariant.rule} does not hold (${invariant.title}): ${why}.`,
      `  user:       ${describeUser(policy, example.user)}`,
      `  permission: ${describePermission(policy, example.permission)}`,
      `  item:       ${describeItem(example.item)}`,
      ...(invariant.rule === 'R1' ? [`  added role: ${example.role}`] : []),
      ...(invariant.rule === 'R12' ? example.users.map((u) => `  seat row:   ${describeUser(policy, u)}`) : []),
      `  replay:     assertPolicy(fc, policy, { seed: ${run.seed}, path: ${JSON.stringify(path)} })`,
    ]
    throw new PolicyInvariantError(lines.join('\n'), invariant.rule, example, run.seed, path)
  }
}
