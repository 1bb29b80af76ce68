/**
 * The impact figure of `npm run bench`: on the built-in catalogue, 100,000 users of whom
 * about a third hold a copy of Agent ("desk"), and one role edit, removing Assign
 * conversations from that copy; `impact(before, after, users)` is timed. Every timed run is
 * verified against a ground truth computed here from the rules alone: the users who lose it
 * are exactly those who hold the copy and a seat and no other role granting it (Agent,
 * Supervisor), and they lose nothing else.
 */
import { conversations, createPolicy, impact, type User } from '../src/index.js'
import { median, now } from './_measure.js'
import { prng } from './_scenario.js'

const USERS = 100_000
const ASSIGN = 'conversations/allow-assignment'
const QUEUES = Array.from({ length: 50 }, (_, i) => `q${i}`)

export interface ImpactResults {
  readonly users: number
  /** Users who lose the permission (the rows). */
  readonly rows: number
  /** `impact(before, after, users)` for one role edit over every user, milliseconds (median). */
  readonly roleEditMs: number
}

const ROLE_SETS = [['desk'], ['agent'], ['supervisor'], ['viewer'], ['setup'], ['desk', 'analytics'], ['analytics']]

export function buildImpactScenario(seed = 20261214): { users: User[]; losing: string[] } {
  const random = prng(seed)
  const users: User[] = Array.from({ length: USERS }, (_, i) => {
    const r = random()
    const roles = ROLE_SETS[r < 0.3 ? 0 : r < 0.55 ? 1 : r < 0.6 ? 2 : r < 0.8 ? 3 : r < 0.87 ? 4 : r < 0.93 ? 5 : 6]
    const queues = random() < 0.5 ? [QUEUES[Math.floor(random() * QUEUES.length)] as string] : []
    return { id: `u${i}`, roles: roles as string[], seat: random() < 0.85, queues }
  })
  // From the rules alone: Assign needs a seat (R4) and basic access (R6), which the copy holds.
  const losing = users
    .filter(
      (u) => u.seat === true && u.roles.includes('desk') && !u.roles.some((r) => r === 'agent' || r === 'supervisor'),
    )
    .map((u) => u.id)
  return { users, losing }
}

/** Times the impact of one role edit; throws when a timed run disagrees with the ground truth. */
export function measureImpact(options: { samples: number }): ImpactResults {
  const { users, losing } = buildImpactScenario()
  const before = createPolicy(conversations).duplicateRole('agent', { id: 'desk', name: 'Desk agent' })
  const kept = (before.role('desk')?.permissions ?? []).filter((p) => p !== ASSIGN)
  const after = before.updateRole('desk', { permissions: kept })
  const ms: number[] = []
  for (let k = 0; k <= options.samples; k++) {
    const t0 = now()
    const { rows } = impact(before, after, users)
    const took = now() - t0
    if (rows.length !== losing.length || rows.some((r, i) => r.userId !== losing[i] || r.lost.join() !== ASSIGN))
      throw new Error('impact: the rows differ from the ground truth')
    if (rows.some((r) => r.gained.length > 0 || r.mode[0] !== r.mode[1] || r.errors.length > 0))
      throw new Error('impact: a row changes more than the one permission')
    if (k > 0) ms.push(took) // the first run warms up
  }
  return { users: USERS, rows: losing.length, roleEditMs: median(ms) }
}
