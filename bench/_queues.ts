/**
 * The queue figures of `npm run bench` (issue: queues and reach): on the built-in
 * catalogue, 100,000 users in 1–5 of 50 queues, and 1,000,000 random checks on a work item
 * (queue, assignee) of the permissions that reach work items. Every timed run is verified
 * against a ground truth computed here from the rules alone (view reaches the user's
 * queues, work-assigned the items assigned to them, manage-all every item; the permissions
 * that require basic access reach where the user's effective basic permissions do).
 */
import { conversations, createPolicy, createUserIndex, type User } from '../src/index.js'
import { calibrate, median, now } from './_measure.js'
import { prng } from './_scenario.js'

const USERS = 100_000
const CHECKS = 1_000_000
const QUEUES = Array.from({ length: 50 }, (_, i) => `q${i}`)
const VIEW = 'contact-center/conversations/view'
const WORK = 'contact-center/conversations/work-assigned'
const MANAGE = 'contact-center/conversations/manage-all'
const BASIC = [VIEW, WORK, MANAGE]
/** The permissions a check on an item is about: the three basic ones and those that require them. */
const SCOPED = conversations.permissions.filter((p) => p.reach !== undefined || p.requires.length > 0).map((p) => p.id)

export interface QueueScenario {
  readonly users: readonly User[]
  readonly checkUser: Uint32Array
  readonly checkPermission: Uint8Array
  readonly items: readonly { readonly queue: string; readonly assignee: string }[]
  readonly allowedBefore: Uint32Array
  readonly itemlessBefore: Uint32Array
}

/** The ground truth of one check, from the rules alone (no seatguard code). */
function truth(user: User, permission: string, item?: { queue: string; assignee: string }): boolean {
  const roles = conversations.roles.filter((r) => user.roles.includes(r.id))
  const held = new Set(roles.flatMap((r) => r.permissions as readonly string[]))
  const seat = user.seat === true
  const basic = BASIC.filter((b) => held.has(b) && (seat || b === VIEW))
  const spec = conversations.permissions.find((p) => p.id === permission)
  if (spec === undefined || !held.has(permission) || (spec.seat && !seat)) return false
  const reaching = spec.requires.length === 0 ? [permission] : basic.filter((b) => spec.requires.includes(b as never))
  if (reaching.length === 0) return false
  if (item === undefined) return true
  return reaching.some((b) =>
    b === MANAGE ? true : b === WORK ? item.assignee === user.id : (user.queues ?? []).includes(item.queue),
  )
}

export function buildQueueScenario(seed = 20261201): QueueScenario {
  const random = prng(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const users: User[] = Array.from({ length: USERS }, (_, i) => {
    const r = random()
    const roles = r < 0.7 ? ['agent'] : r < 0.8 ? ['supervisor'] : r < 0.95 ? ['viewer'] : ['setup']
    const count = 1 + Math.floor(random() * 5)
    const queues = [...new Set(Array.from({ length: count }, () => pick(QUEUES)))]
    return { id: `u${i}`, roles, seat: random() < 0.9, queues }
  })
  const checkUser = new Uint32Array(CHECKS)
  const checkPermission = new Uint8Array(CHECKS)
  const items: { queue: string; assignee: string }[] = []
  const allowedBefore = new Uint32Array(CHECKS + 1)
  const itemlessBefore = new Uint32Array(CHECKS + 1)
  for (let i = 0; i < CHECKS; i++) {
    const u = Math.floor(random() * USERS)
    checkUser[i] = u
    checkPermission[i] = Math.floor(random() * SCOPED.length)
    const assignee = random() < 0.3 ? `u${u}` : `u${Math.floor(random() * USERS)}`
    items.push({ queue: pick(QUEUES), assignee })
    const user = users[u] as User
    const p = SCOPED[checkPermission[i] as number] as string
    allowedBefore[i + 1] = (allowedBefore[i] as number) + Number(truth(user, p, items[i]))
    itemlessBefore[i + 1] = (itemlessBefore[i] as number) + Number(truth(user, p))
  }
  return { users, checkUser, checkPermission, items, allowedBefore, itemlessBefore }
}

export interface QueueResults {
  readonly users: number
  readonly checks: number
  readonly allowed: number
  /** `index.can(id, permission)` on the scoped permissions, checks per second. */
  readonly itemlessOpsPerSec: number
  /** `index.can(id, permission, item)`, checks per second. */
  readonly itemOpsPerSec: number
  /** `index.reach(id, permission)` for a user in 20 queues, nanoseconds per call. */
  readonly reachIndexNs: number
  /** `policy.reach(user, permission)` on the plain user object in 20 queues, nanoseconds per call. */
  readonly reachPolicyNs: number
  /** `policy.queueReport(users)` over every user, milliseconds (median). */
  readonly queueReportMs: number
}

/** Times the queue figures; throws when a timed run disagrees with the ground truth. */
export function measureQueues(options: { samples: number; sampleMs: number }): QueueResults {
  const s = buildQueueScenario()
  const policy = createPolicy(conversations)
  const index = createUserIndex(policy, s.users)
  const ids = s.users.map((u) => u.id)
  const { checkUser, checkPermission, items } = s
  const itemless = calibrate(
    'queues: index can',
    (n) => {
      let allowed = 0
      for (let i = 0; i < n; i++) if (index.can(ids[checkUser[i]!]!, SCOPED[checkPermission[i]!]!)) allowed++
      return allowed
    },
    s.itemlessBefore,
    options.sampleMs,
  )
  const item = calibrate(
    'queues: index can on an item',
    (n) => {
      let allowed = 0
      for (let i = 0; i < n; i++) if (index.can(ids[checkUser[i]!]!, SCOPED[checkPermission[i]!]!, items[i])) allowed++
      return allowed
    },
    s.allowedBefore,
    options.sampleMs,
  )
  // The two modes' samples alternate, so a change in the machine's load between them moves
  // both alike and the ratio the target reads (an item check's cost) does not follow it.
  const itemlessSamples: number[] = []
  const itemSamples: number[] = []
  for (let k = 0; k < options.samples; k++) {
    itemlessSamples.push(itemless.sample())
    itemSamples.push(item.sample())
  }
  const itemlessOpsPerSec = median(itemlessSamples)
  const itemOpsPerSec = median(itemSamples)

  // reach for a user in 20 queues: an agent, so transfer reaches their queues and assigned items.
  const twenty: User = { id: 'twenty', roles: ['agent'], seat: true, queues: QUEUES.slice(0, 20) }
  const small = createUserIndex(policy, [twenty])
  const perCall = (call: () => unknown): number => {
    const rounds = 200_000
    for (let i = 0; i < 10_000; i++) call()
    const ns: number[] = []
    for (let k = 0; k < options.samples; k++) {
      const t0 = now()
      for (let i = 0; i < rounds; i++) call()
      ns.push(((now() - t0) * 1e6) / rounds)
    }
    return median(ns)
  }
  const transfer = 'conversations/my-work/transfer'
  const expected = JSON.stringify({ kind: 'some', queues: [...twenty.queues!].sort(), assignee: 'twenty' })
  if (JSON.stringify(small.reach('twenty', transfer)) !== expected) throw new Error('queues: index.reach is wrong')
  if (JSON.stringify(policy.reach(twenty, transfer)) !== expected) throw new Error('queues: policy.reach is wrong')
  const reachIndexNs = perCall(() => small.reach('twenty', transfer))
  const reachPolicyNs = perCall(() => policy.reach(twenty, transfer))

  const reportMs: number[] = []
  const members = s.users.reduce((n, u) => n + (u.queues?.length ?? 0), 0)
  for (let k = 0; k <= options.samples; k++) {
    const t0 = now()
    const report = policy.queueReport(s.users)
    const ms = now() - t0
    const { agents, viewers, inert } = report.totals
    if (agents + viewers + inert !== members) throw new Error('queues: the queue report lost members')
    if (k > 0) reportMs.push(ms)
  }
  return {
    users: USERS,
    checks: CHECKS,
    allowed: s.allowedBefore[CHECKS] ?? 0,
    itemlessOpsPerSec,
    itemOpsPerSec,
    reachIndexNs,
    reachPolicyNs,
    queueReportMs: median(reportMs),
  }
}
