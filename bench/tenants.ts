/**
 * What does an open tenant cost a process that follows many? On the memory store, it opens
 * 1,000 tenants through createTenants, each already holding 20 users and 2 custom roles,
 * and reports the heap the open tenants add (after a forced GC, so the store's own records
 * are left out), then counts the store calls of a few idle poll intervals: with the
 * store's versions() (one shared poll) and without it (one audit poll per tenant), and
 * what an awaited check costs on a service, through a handle and as a get. Writes every
 * figure it prints, with the machine it ran on, to bench/tenants-results.json.
 *
 *   node --expose-gc --import tsx bench/tenants.ts   (part of npm run bench:reliability)
 */
import { writeFileSync } from 'node:fs'
import { conversations, createAccessControl, createMemoryStore, createTenants, type PolicyStore } from '../src/index.js'
import { machine } from './_machine.js'

const TENANTS = 1000
const USERS = 20
const INTERVAL = 50
const ROUNDS = 20

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')
const heap = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function seed(store: PolicyStore, tenant: string): Promise<void> {
  const ac = await createAccessControl({ catalogue: conversations, store, tenant, pollInterval: 0 })
  await ac.duplicateRole('agent', { id: 'agent-plus', name: 'Agent plus' })
  await ac.createRole({ id: 'notes', name: 'Notes', permissions: ['conversations/my-work/internal-notes'] })
  for (let u = 0; u < USERS; u++) await ac.setUser({ id: `u${u}`, roles: [u % 3 === 0 ? 'agent-plus' : 'viewer'] })
  await ac.close()
}

async function heapPerTenant(users: boolean): Promise<number> {
  const store = createMemoryStore()
  const ids = Array.from({ length: TENANTS }, (_, i) => `tenant-${i}`)
  if (users) for (const id of ids) await seed(store, id)
  const before = heap()
  const tenants = createTenants({ catalogue: conversations, store, maxOpen: TENANTS })
  for (const id of ids) await (await tenants.get(id)).can('u0', 'conversations/allow-assignment')
  const after = heap()
  await tenants.close()
  return (after - before) / TENANTS
}

async function pollCalls(withVersions: boolean): Promise<{ versions: number; audit: number; ms: number }> {
  const inner = createMemoryStore()
  const calls = { versions: 0, audit: 0 }
  const store: PolicyStore = {
    load: (t) => inner.load(t),
    audit: (t, q) => {
      calls.audit++
      return inner.audit(t, q)
    },
    transaction: (t, w) => inner.transaction(t, w),
    ...(withVersions
      ? {
          versions: (list: readonly string[]) => {
            calls.versions++
            return inner.versions?.(list) ?? Promise.resolve(new Map())
          },
        }
      : {}),
  }
  const tenants = createTenants({ catalogue: conversations, store, maxOpen: TENANTS, pollInterval: INTERVAL })
  for (let i = 0; i < TENANTS; i++) await tenants.get(`tenant-${i}`)
  calls.versions = 0
  calls.audit = 0
  const start = Date.now()
  await sleep(INTERVAL * ROUNDS + INTERVAL / 2)
  const ms = Date.now() - start
  await tenants.close()
  return { ...calls, ms }
}

/** ns per awaited call: a check on the service itself, the same through a createTenants handle, and a get. */
async function callCost(): Promise<{ direct: number; handle: number; get: number }> {
  const store = createMemoryStore()
  const ac = await createAccessControl({ catalogue: conversations, store, tenant: 'a', pollInterval: 0 })
  await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
  const tenants = createTenants({ catalogue: conversations, store, pollInterval: 0 })
  const handle = await tenants.get('a')
  const N = 300_000
  const time = async (call: () => Promise<unknown>): Promise<number> => {
    for (let i = 0; i < N / 10; i++) await call() // warm up
    const start = performance.now()
    for (let i = 0; i < N; i++) await call()
    return ((performance.now() - start) * 1e6) / N
  }
  const cost = {
    direct: await time(() => ac.can('ana', 'conversations/allow-assignment')),
    handle: await time(() => handle.can('ana', 'conversations/allow-assignment')),
    get: await time(() => tenants.get('a')),
  }
  await Promise.all([tenants.close(), ac.close()])
  return cost
}

const startedAt = new Date()
const empty = await heapPerTenant(false)
const seeded = await heapPerTenant(true)
const shared = await pollCalls(true)
const alone = await pollCalls(false)
console.log(`heap per open tenant, empty: ${(empty / 1024).toFixed(1)} KiB`)
console.log(`heap per open tenant, ${USERS} users + 2 custom roles: ${(seeded / 1024).toFixed(1)} KiB`)
const line = (what: string, c: { versions: number; audit: number; ms: number }) =>
  `${TENANTS} idle tenants, pollInterval ${INTERVAL} ms, ${what}: ${c.versions} versions() and ${c.audit} audit() calls in ${c.ms} ms`
console.log(line('with versions()', shared))
console.log(line('without versions()', alone))
const cost = await callCost()
console.log(
  `await can(): ${cost.direct.toFixed(0)} ns on the service, ${cost.handle.toFixed(0)} ns through a handle; await tenants.get() of an open tenant: ${cost.get.toFixed(0)} ns`,
)

const results = {
  measuredAt: startedAt.toISOString(),
  machine: machine(),
  store: 'memory store',
  tenants: TENANTS,
  heapPerOpenTenant: {
    note: 'process.memoryUsage().heapUsed after a forced GC, before and after opening the tenants with createTenants, divided by the tenants (the store records are not counted)',
    emptyKiB: Math.round((empty / 1024) * 10) / 10,
    seededKiB: Math.round((seeded / 1024) * 10) / 10,
    seeded: { users: USERS, customRoles: 2 },
  },
  idlePolls: {
    note: 'store calls of the idle tenants over the window, counted by a wrapper around the memory store',
    pollIntervalMs: INTERVAL,
    withVersions: shared,
    withoutVersions: alone,
  },
  awaitedCallNs: {
    note: 'ns per awaited call, 300,000 calls after a warm-up: ac.can on the service, handle.can through a createTenants handle, tenants.get of an open tenant',
    service: Math.round(cost.direct),
    handle: Math.round(cost.handle),
    get: Math.round(cost.get),
  },
}
writeFileSync(new URL('./tenants-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
console.log('written to bench/tenants-results.json')
