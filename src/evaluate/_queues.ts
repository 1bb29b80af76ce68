import type { Access } from '../model/decision.js'
import type { QueueMember, QueueReport } from '../model/queues.js'
import type { MembershipKind } from '../model/reach.js'
import type { SeatFlag } from '../model/seats.js'
import type { Compiled } from './_compile.js'
import { accessOf, comboKey, effective, type ReadUser, readUsers } from './_decide.js'

/**
 * The kind of a user's queue memberships (R19): `agent` when they count toward capacity,
 * else `viewer` when a permission whose declared reach is `queue` is effective, else `inert`.
 */
export function membershipOf(c: Compiled, u: ReadUser, access: Access): MembershipKind {
  if (access.countsTowardCapacity) return 'agent'
  const eff = effective(c, u.roles, u.seat)
  for (let w = 0; w < eff.length; w++) if (((eff[w] ?? 0) & (c.cat.queueReach[w] ?? 0)) !== 0) return 'viewer'
  return 'inert'
}

/** `access` with the user's queues and membership kind when they belong to a queue (R19). */
export function withMembership(c: Compiled, u: ReadUser, access: Access): Access {
  if (u.queues.length === 0) return access
  return Object.freeze({ ...access, queues: Object.freeze([...u.queues]), membership: membershipOf(c, u, access) })
}

type Entry = { queue: string; agents: QueueMember[]; viewers: QueueMember[]; inert: QueueMember[] }

/** The list of an entry (and the total) each kind of member goes to. */
const LIST = { agent: 'agents', viewer: 'viewers', inert: 'inert' } as const

const MISSING: readonly SeatFlag[] = Object.freeze(['seat-missing'])
const NONE: readonly SeatFlag[] = Object.freeze([])

/** The queue report (R24). Malformed users are refused together, before any entry is built. */
export function queueReportCompiled(c: Compiled, users: Iterable<unknown>): QueueReport {
  const read = readUsers(c, 'Queue report', users)
  const entries = new Map<string, Entry>()
  const totals = { queues: 0, agents: 0, viewers: 0, inert: 0 }
  for (const u of read) {
    if (u.queues.length === 0) continue
    const access = accessOf(c, u.roles, u.seat, comboKey(u.roles, u.seat))
    const kind = membershipOf(c, u, access)
    const flags = kind === 'viewer' && access.needsSeat && !access.consumesSeat ? MISSING : NONE
    const member: QueueMember = Object.freeze({ userId: u.id, countsTowardCapacity: kind === 'agent', flags })
    for (const queue of u.queues) {
      let entry = entries.get(queue)
      if (entry === undefined) {
        entry = { queue, agents: [], viewers: [], inert: [] }
        entries.set(queue, entry)
      }
      entry[LIST[kind]].push(member)
      totals[LIST[kind]]++
    }
  }
  totals.queues = entries.size
  const queues = [...entries.values()].map((e) =>
    Object.freeze({
      queue: e.queue,
      agents: Object.freeze(e.agents),
      viewers: Object.freeze(e.viewers),
      inert: Object.freeze(e.inert),
    }),
  )
  return Object.freeze({ queues: Object.freeze(queues), totals: Object.freeze(totals) })
}
