/**
 * The one scenario every library in the benchmark models: a catalogue of 40 permissions
 * (one of them seat-free), 5 default roles plus 50 custom roles, 100,000 users holding
 * 1–3 roles with 90% holding a seat, and 1,000,000 random (user, permission) checks.
 * Everything comes from a seeded PRNG, so every run sees the same data.
 *
 * The ground truth is computed here with plain Sets, independently of every library:
 * a check is allowed when one of the user's roles includes the permission and the user
 * holds a seat or the permission is seat-free (the seat rule, SPEC R4/R5).
 */

export interface BenchRole {
  readonly id: string
  readonly name: string
  readonly permissions: readonly string[]
  /** For custom roles: the default role they were duplicated from (SPEC R3). */
  readonly derivedFrom?: string
}

export interface BenchUser {
  readonly id: string
  readonly roles: readonly string[]
  readonly seat: boolean
}

export interface Scenario {
  readonly seed: number
  /** Checks are drawn from users[0 … checkedUsers - 1]. */
  readonly checkedUsers: number
  readonly permissions: readonly string[]
  /** The one seat-free permission (viewing). */
  readonly view: string
  readonly defaultRoles: readonly BenchRole[]
  readonly customRoles: readonly BenchRole[]
  readonly users: readonly BenchUser[]
  /** Check i asks whether users[checkUser[i]] may use permissions[checkPermission[i]]. */
  readonly checkUser: Uint32Array
  readonly checkPermission: Uint8Array
  /** allowedBefore[n]: how many of the first n checks are allowed (ground truth). */
  readonly allowedBefore: Uint32Array
}

export const SIZES = { users: 100_000, checks: 1_000_000, customRoles: 50 } as const

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const GROUPS: readonly [group: string, actions: readonly string[]][] = [
  [
    'work',
    [
      'assign',
      'transfer',
      'notes',
      'tags',
      'outbound',
      'profile',
      'download',
      'recordings',
      'merge',
      'snooze',
      'close',
      'reopen',
    ],
  ],
  ['supervision', ['reassign', 'agent-status', 'monitor', 'whisper', 'barge-in', 'coach']],
  [
    'setup',
    [
      'queues',
      'routing',
      'automations',
      'templates',
      'forms',
      'tags',
      'hours',
      'agents',
      'settings',
      'channels',
      'bots',
      'sla',
    ],
  ],
  ['analytics', ['dashboards', 'reports', 'export', 'import', 'schedules', 'alerts', 'audit', 'quality', 'forecast']],
]

/**
 * Builds the scenario. `checkedUsers` below 100,000 draws the checks from the first users
 * only, so their records stay in the CPU caches: for comparison with the default, where
 * most checks wait on main memory.
 */
export function buildScenario(seed = 20_261_124, checkedUsers: number = SIZES.users): Scenario {
  const random = prng(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const view = 'desk/conversations/view'
  const permissions = [view, ...GROUPS.flatMap(([group, actions]) => actions.map((a) => `desk/${group}/${a}`))]
  const inGroup = (group: string): string[] => permissions.filter((p) => p.startsWith(`desk/${group}/`))
  const work = inGroup('work')

  const defaultRoles: BenchRole[] = [
    { id: 'setup', name: 'Setup', permissions: inGroup('setup') },
    { id: 'agent', name: 'Agent', permissions: [view, ...work.slice(0, 8)] },
    { id: 'analytics', name: 'Analytics', permissions: inGroup('analytics') },
    { id: 'supervisor', name: 'Supervisor', permissions: [view, ...work, ...inGroup('supervision')] },
    { id: 'viewer', name: 'Viewer', permissions: [view] },
  ]

  // Custom roles: a duplicate of a default role with 1–4 permissions removed and 0–3 added.
  const customRoles: BenchRole[] = []
  for (let i = 0; i < SIZES.customRoles; i++) {
    const source = pick(defaultRoles)
    const held = new Set(source.permissions)
    const removals = 1 + Math.floor(random() * 4)
    for (let k = 0; k < removals && held.size > 1; k++) held.delete(pick([...held]))
    const additions = Math.floor(random() * 4)
    for (let k = 0; k < additions; k++) held.add(pick(permissions))
    customRoles.push({
      id: `custom-${String(i).padStart(2, '0')}`,
      name: `Custom ${i}`,
      permissions: permissions.filter((p) => held.has(p)),
      derivedFrom: source.id,
    })
  }

  // Users: 1–3 distinct roles, a default role 60% of the time, a seat 90% of the time.
  const users: BenchUser[] = []
  for (let i = 0; i < SIZES.users; i++) {
    const count = 1 + Math.floor(random() * 3)
    const roles: string[] = []
    while (roles.length < count) {
      const role = random() < 0.6 ? pick(defaultRoles) : pick(customRoles)
      if (!roles.includes(role.id)) roles.push(role.id)
    }
    users.push({ id: `user-${i}`, roles, seat: random() < 0.9 })
  }
  // Materialise the users as an application reads them from storage (parsed JSON): compact
  // records with exact-size arrays, instead of objects scattered among the generator's garbage.
  const stored = JSON.parse(JSON.stringify(users)) as BenchUser[]

  const checkUser = new Uint32Array(SIZES.checks)
  const checkPermission = new Uint8Array(SIZES.checks)
  for (let i = 0; i < SIZES.checks; i++) {
    checkUser[i] = Math.floor(random() * checkedUsers)
    checkPermission[i] = Math.floor(random() * permissions.length)
  }

  const held = new Map([...defaultRoles, ...customRoles].map((r) => [r.id, new Set(r.permissions)]))
  const allowedBefore = new Uint32Array(SIZES.checks + 1)
  for (let i = 0; i < SIZES.checks; i++) {
    const user = stored[checkUser[i] as number] as BenchUser
    const permission = permissions[checkPermission[i] as number] as string
    const allowed = (user.seat || permission === view) && user.roles.some((r) => held.get(r)?.has(permission))
    allowedBefore[i + 1] = (allowedBefore[i] as number) + (allowed ? 1 : 0)
  }
  return {
    seed,
    checkedUsers,
    permissions,
    view,
    defaultRoles,
    customRoles,
    users: stored,
    checkUser,
    checkPermission,
    allowedBefore,
  }
}

/** The seat report totals, computed from the scenario alone (SPEC R7, R10). */
export function expectedSeatTotals(s: Scenario): Record<string, number> {
  const held = new Map([...s.defaultRoles, ...s.customRoles].map((r) => [r.id, r.permissions]))
  const totals = { users: 0, seatsUsed: 0, seatsNeeded: 0, viewers: 0, seatMissing: 0, seatUnused: 0 }
  for (const user of s.users) {
    const all = user.roles.flatMap((r) => held.get(r) ?? [])
    const needs = all.some((p) => p !== s.view)
    const views = all.includes(s.view)
    totals.users++
    if (user.seat) totals.seatsUsed++
    if (needs) totals.seatsNeeded++
    if (views && !(user.seat && needs)) totals.viewers++ // viewer mode: view works, full mode does not (R7)
    if (needs && !user.seat) totals.seatMissing++
    if (user.seat && !needs) totals.seatUnused++
  }
  return totals
}
