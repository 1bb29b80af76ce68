// seatguard over a real PostgreSQL database: two service instances (think: two app servers)
// on one tenant. A write on one is validated, versioned and audited in one transaction, and
// the other instance's checks follow it through LISTEN/NOTIFY.
//
//   npm run build && npx tsx examples/postgres.ts
//   DATABASE_URL=postgres://user@host:5432/db TENANT=my-tenant npx tsx examples/postgres.ts
//
// Safe to run again: every write below is idempotent or skipped when already done.
import pg from 'pg'
import { conversations, createAccessControl, SeatguardError } from 'seatguard'
import { createPostgresStore } from 'seatguard/postgres'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const tenant = process.env.TENANT ?? 'example-acme'
const ASSIGN = 'conversations/allow-assignment'
const line = (label: string, value: unknown): void => console.log(`  ${label.padEnd(52)} ${String(value)}`)

// Each instance has its own pool, as two processes would.
const poolA = new pg.Pool({ connectionString: url })
const poolB = new pg.Pool({ connectionString: url })
const storeA = createPostgresStore({ client: poolA })
const storeB = createPostgresStore({ client: poolB })
console.log(`schema version ${await storeA.migrate()} on ${url.replace(/\/\/[^@]*@/, '//')}`)

const a = await createAccessControl({ catalogue: conversations, store: storeA, tenant })
const b = await createAccessControl({ catalogue: conversations, store: storeB, tenant })
// The seat limit is the tenant's, kept in the database: set once, every instance enforces it (R15).
await a.setSeatLimit(3, { actor: 'billing' })

console.log('\n1. Writes on instance A')
if (a.policy().role('junior-agent') === undefined) {
  const junior = await a.duplicateRole('agent', { id: 'junior-agent', name: 'Junior agent' }, { actor: 'admin@acme' })
  await a.updateRole(
    'junior-agent',
    { permissions: junior.permissions.filter((p) => p !== ASSIGN) },
    { actor: 'admin@acme', expectedVersion: 1 },
  )
}
await a.setUser({ id: 'ana', roles: ['agent'] }, { actor: 'admin@acme' })
await a.setUser({ id: 'jo', roles: ['junior-agent'] }, { actor: 'admin@acme' })
await a.grantSeat('ana', { actor: 'admin@acme' })
line('ana may assign (A, read-your-writes):', await a.can('ana', ASSIGN))
line('A snapshot version:', a.snapshotVersion())

console.log('\n2. Instance B follows through the change feed')
for (let i = 0; i < 200 && b.snapshotVersion() < a.snapshotVersion(); i++)
  await new Promise((resolve) => setTimeout(resolve, 5))
line('B snapshot version:', b.snapshotVersion())
line('ana may assign (B):', await b.can('ana', ASSIGN))
line('jo may assign (B, junior copy without it):', await b.can('jo', ASSIGN))

console.log('\n3. The rules hold at write time')
const refused = async (label: string, write: Promise<unknown>): Promise<void> => {
  try {
    await write
    line(label, 'written')
  } catch (err) {
    if (!(err instanceof SeatguardError)) throw err
    line(label, err.code)
  }
}
const seenByB = await b.user('ana')
await a.revokeSeat('ana', { actor: 'admin@acme' }) // A changes ana after B read her…
await a.grantSeat('ana', { actor: 'admin@acme' })
await refused(
  'B writes ana with the version it read (R16):',
  b.setUser({ id: 'ana', roles: ['viewer'] }, { expectedVersion: seenByB?.version ?? 0 }),
)
await refused('agent + supervisor on one user (R8):', b.setUser({ id: 'max', roles: ['agent', 'supervisor'] }))
await refused('delete a role users hold (role/in-use):', b.deleteRole('junior-agent'))
for (const id of ['s1', 's2', 's3']) await b.setUser({ id, roles: ['supervisor'] }, { actor: 'hr' })
const grants = await Promise.allSettled(['s1', 's2', 's3'].map((id) => (id === 's2' ? a : b).grantSeat(id)))
line(
  '3 racing grants, seat limit 3 (R15):',
  grants.map((g) => (g.status === 'fulfilled' ? 'granted' : (g.reason as SeatguardError).code)).join(', '),
)
await b.refresh() // A's grant reaches B through NOTIFY; refresh() makes B's report see it now
line('seats used:', (await b.seatReport()).totals.seatsUsed)

console.log('\n4. The audit log (R17), last 5 entries')
const log = await b.audit({ after: Math.max(0, b.snapshotVersion() - 5) })
for (const e of log)
  console.log(`  #${e.seq} ${e.at} ${e.actor ?? '-'} ${e.action} ${e.target} v${e.after?.version ?? '-'}`)

await Promise.all([a.close(), b.close()])
await Promise.all([storeA.close(), storeB.close()])
await Promise.all([poolA.end(), poolB.end()])
