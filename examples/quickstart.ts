// The quick start: `npm install && npm start` runs this file against the built package.
// It checks users on the built-in catalogue, customises a role, prints a seat report, then
// does the same through the service over the embedded in-memory store.
import {
  conversations,
  createAccessControl,
  createMemoryStore,
  createPolicy,
  explain,
  SeatguardError,
  type User,
} from 'seatguard'

const ASSIGN = 'conversations/allow-assignment'
const line = (label: string, value: unknown): void => console.log(`  ${label.padEnd(48)} ${String(value)}`)

// 1. Check: an agent with and without a seat (R4, R5).
const ana: User = { id: 'ana', roles: ['agent'], seat: true }
const ben: User = { id: 'ben', roles: ['agent'] }
console.log('1. Agents, with and without a seat')
const policy0 = createPolicy(conversations)
line('ana (agent, seat) may assign conversations:', policy0.can(ana, ASSIGN))
line('ben (agent, no seat) may assign conversations:', policy0.can(ben, ASSIGN))
line('ben may view conversations:', policy0.can(ben, 'contact-center/conversations/view'))
line('ben is in mode:', policy0.access(ben).mode)
console.log(`  why not: ${explain(ben, ASSIGN).message}`)

// 2. Customise: default roles are read-only (R2), so duplicate Agent and remove assignment.
console.log('\n2. A duplicated role: Agent without "Assign conversations"')
const agent = policy0.role('agent')
const policy = policy0
  .duplicateRole('agent', { id: 'agent-no-assign', name: 'Agent (no assignment)' })
  .updateRole('agent-no-assign', { permissions: (agent?.permissions ?? []).filter((p) => p !== ASSIGN) })
  .createRole({ id: 'downloader', name: 'Downloader', permissions: ['conversations/my-work/download-conversation'] })
const cleo: User = { id: 'cleo', roles: ['agent-no-assign'], seat: true }
line('the copy records derivedFrom:', policy.role('agent-no-assign')?.derivedFrom)
line('cleo (the copy, seat) may transfer:', policy.can(cleo, 'conversations/my-work/transfer'))
line('cleo may assign conversations:', policy.can(cleo, ASSIGN))
const dana: User = { id: 'dana', roles: ['agent', 'downloader'], seat: true }
line('dana (agent + downloader) may download:', policy.can(dana, 'conversations/my-work/download-conversation'))
const eve: User = { id: 'eve', roles: ['agent-no-assign', 'agent'], seat: true }
console.log(
  `  eve holds the copy and its source: ${policy
    .check(eve)
    .map((p) => p.code)
    .join(', ')}`,
)

// 3. Seats: who consumes, who needs one, who is only a viewer (R10–R12).
console.log('\n3. Seat report')
const users: User[] = [
  ana,
  ben,
  cleo,
  dana,
  { id: 'finn', roles: ['viewer'] },
  { id: 'gus', roles: ['viewer'], seat: true },
  { id: 'hal', roles: ['supervisor'], seat: true },
]
const report = policy.seatReport(users)
for (const row of report.rows) {
  console.log(
    `  ${row.userId.padEnd(6)} ${row.label.padEnd(32)} ${row.mode.padEnd(7)} seat:${row.consumesSeat ? 'yes' : 'no '} ${row.flags.join(' ')}`,
  )
}
const t = report.totals
console.log(
  `  ${t.users} users, ${t.seatsUsed} seats used, ${t.seatsNeeded} needed, ${t.viewers} viewers, ${t.seatMissing} missing, ${t.seatUnused} unused`,
)

// 4. Persist: the service over the embedded in-memory store (validated, versioned, audited writes).
console.log('\n4. The service on the in-memory store (tenant "acme", 2 seats)')
const ac = await createAccessControl({
  catalogue: conversations,
  store: createMemoryStore(),
  tenant: 'acme',
})
await ac.setSeatLimit(2, { actor: 'billing' }) // the tenant's limit, kept in the store (R15)
await ac.duplicateRole('agent', { id: 'agent-no-assign', name: 'Agent (no assignment)' }, { actor: 'admin' })
await ac.updateRole(
  'agent-no-assign',
  { permissions: (agent?.permissions ?? []).filter((p) => p !== ASSIGN) },
  { actor: 'admin' },
)
await ac.setUser({ id: 'ana', roles: ['agent'], seat: true }, { actor: 'admin' })
await ac.setUser({ id: 'cleo', roles: ['agent-no-assign'], seat: true }, { actor: 'admin' })
await ac.setUser({ id: 'ben', roles: ['agent'] }, { actor: 'admin' })
line('ana may assign conversations:', await ac.can('ana', ASSIGN))
line('cleo may assign conversations:', await ac.can('cleo', ASSIGN))
line('ben (no seat) is in mode:', (await ac.access('ben')).mode)
for (const attempt of [
  () => ac.grantSeat('ben', { actor: 'admin' }),
  () => ac.setUser({ id: 'ben', roles: ['agent', 'supervisor'] }, { actor: 'admin' }),
  () => ac.updateRole('agent', { name: 'Renamed' }, { actor: 'admin' }),
]) {
  try {
    await attempt()
  } catch (err) {
    if (!(err instanceof SeatguardError)) throw err
    console.log(`  refused, nothing written: ${err.code}: ${err.message}`)
  }
}
const entries = await ac.audit()
console.log(`  audit log: ${entries.map((e) => `#${e.seq} ${e.action} ${e.target}`).join(', ')}`)
await ac.close()
