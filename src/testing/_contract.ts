/*
 * Part of the published store conformance suite (seatguard/testing, R14–R18): these tests
 * run against every PolicyStore, ours and third-party adapters, so they live in src/ and
 * ship in the package. test/ holds the tests of this repository only.
 */
import type { AuditDraft } from '../model/audit.js'
import type { StoredUser } from '../model/user.js'
import { eventually, type Harness } from './_harness.js'
import { describe, expect, it } from './_vitest.js'

const user = (id: string, version: number, seat = false): StoredUser => ({ id, roles: ['viewer'], seat, version })
const draft = (u: StoredUser, before: StoredUser | null = null): AuditDraft => ({
  at: new Date().toISOString(),
  actor: 'conformance',
  action: 'user.set',
  target: u.id,
  before,
  after: u,
})

/** The PolicyStore contract itself, below the service: what an adapter must guarantee. */
export function contractTests(h: Harness): void {
  describe('PolicyStore contract', () => {
    it('loads an unknown tenant as empty, version 0', async () => {
      const store = await h.store()
      expect(await store.load(h.tenant())).toEqual({ version: 0, roles: [], users: [] })
      expect(await store.audit(h.tenant())).toEqual([])
    })

    it('commits a transaction whole: records, audit entries numbered 1, 2, 3 and the version', async () => {
      const store = await h.store()
      const tenant = h.tenant()
      const entries = await store.transaction(tenant, async (tx) => {
        const a = user('a', 1)
        await tx.putUser(a)
        await tx.putRole({ id: 'r1', name: 'R1', permissions: ['conversations/setup/tags'], version: 1 })
        const first = await tx.append(draft(a))
        const second = await tx.append({
          ...draft(a),
          action: 'role.created',
          target: 'r1',
          after: null,
          before: null,
        } as AuditDraft)
        expect(await tx.user('a')).toEqual(a) // reads see the transaction's own writes
        return [first, second]
      })
      expect(entries.map((e) => [e.seq, e.tenant])).toEqual([
        [1, tenant],
        [2, tenant],
      ])
      const state = await store.load(tenant)
      expect(state.version).toBe(2)
      expect(state.users).toEqual([user('a', 1)])
      expect(state.roles).toEqual([{ id: 'r1', name: 'R1', permissions: ['conversations/setup/tags'], version: 1 }])
      expect((await store.audit(tenant)).map((e) => e.seq)).toEqual([1, 2])
    })

    it('R14: keeps nothing of a transaction whose work throws', async () => {
      const store = await h.store()
      const tenant = h.tenant()
      await store.transaction(tenant, async (tx) => void (await tx.append(draft(user('kept', 1)))))
      const before = { state: await store.load(tenant), audit: await store.audit(tenant) }
      const boom = new Error('boom')
      await expect(
        store.transaction(tenant, async (tx) => {
          await tx.putUser(user('lost', 1, true))
          await tx.putRole({ id: 'lost', name: 'Lost', permissions: [], version: 1 })
          await tx.append(draft(user('lost', 1)))
          throw boom
        }),
      ).rejects.toBe(boom)
      expect({ state: await store.load(tenant), audit: await store.audit(tenant) }).toEqual(before)
      const next = await store.transaction(tenant, (tx) => tx.append(draft(user('next', 1))))
      expect(next.seq).toBe(2) // the failed transaction used no seq
    })

    it('serialises the transactions of one tenant: 30 racing read-modify-writes lose nothing', async () => {
      const store = await h.store()
      const tenant = h.tenant()
      await Promise.all(
        Array.from({ length: 30 }, () =>
          store.transaction(tenant, async (tx) => {
            const current = await tx.user('counter')
            const next = user('counter', (current?.version ?? 0) + 1)
            await tx.putUser(next)
            await tx.append(draft(next, current ?? null))
          }),
        ),
      )
      const state = await store.load(tenant)
      expect(state.users).toEqual([user('counter', 30)])
      expect((await store.audit(tenant)).map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    })

    it('counts seats and finds the holders of a role inside a transaction', async () => {
      const store = await h.store()
      const tenant = h.tenant()
      const found = await store.transaction(tenant, async (tx) => {
        await tx.putUser({ id: 'a', roles: ['agent', 'x'], seat: true, version: 1 })
        await tx.putUser({ id: 'b', roles: ['x'], seat: false, version: 1 })
        await tx.putUser({ id: 'c', roles: ['agent'], seat: true, version: 1 })
        return { seats: await tx.seatsHeld(), holders: (await tx.usersWithRole('x')).map((u) => u.id) }
      })
      expect(found).toEqual({ seats: 2, holders: ['a', 'b'] })
      expect(await store.transaction(tenant, (tx) => tx.seatsHeld())).toBe(2)
    })

    it('keeps roles and users in the order first stored; a replaced record keeps its place', async () => {
      const store = await h.store()
      const tenant = h.tenant()
      for (const id of ['m', 'a', 'z']) {
        await store.transaction(tenant, async (tx) => {
          await tx.putRole({ id, name: id, permissions: [], version: 1 })
          await tx.putUser(user(id, 1))
        })
      }
      await store.transaction(tenant, async (tx) => {
        await tx.putRole({ id: 'm', name: 'M2', permissions: [], version: 2 })
        await tx.putUser(user('m', 2, true))
        await tx.removeRole('a')
      })
      const state = await store.load(tenant)
      expect(state.roles.map((r) => `${r.id}@${r.version}`)).toEqual(['m@2', 'z@1'])
      expect(state.users.map((u) => `${u.id}@${u.version}`)).toEqual(['m@2', 'a@1', 'z@1'])
      expect((await store.transaction(tenant, (tx) => tx.roles())).map((r) => r.id)).toEqual(['m', 'z'])
    })

    it('R16/R18: remembers the greatest version of each removed role id per tenant (when it offers retiredRoleVersion)', async (ctx) => {
      const store = await h.store()
      const [tenant, other] = [h.tenant(), h.tenant()]
      const retired = (t: string, id: string) => store.transaction(t, async (tx) => tx.retiredRoleVersion?.(id))
      if ((await retired(tenant, 'r')) === undefined) return ctx.skip() // optional: this store restarts re-created roles at 1
      const role = (version: number) => ({ id: 'r', name: 'R', permissions: [], version })
      const inside = await store.transaction(tenant, async (tx) => {
        const before = await tx.retiredRoleVersion?.('r')
        await tx.putRole(role(4))
        await tx.removeRole('r')
        await tx.removeRole('r') // nothing left to remove: nothing to remember
        await tx.removeRole('never-stored')
        return [before, await tx.retiredRoleVersion?.('r'), await tx.retiredRoleVersion?.('never-stored')]
      })
      expect(inside).toEqual([0, 4, 0]) // reads see the transaction's own removals
      expect(await retired(tenant, 'r')).toBe(4)
      await store.transaction(tenant, async (tx) => {
        await tx.putRole(role(2))
        await tx.removeRole('r')
      })
      expect(await retired(tenant, 'r')).toBe(4) // never goes back
      await store.transaction(tenant, async (tx) => {
        await tx.putRole(role(7))
        await tx.removeRole('r')
        await tx.putRole(role(8))
      })
      expect(await retired(tenant, 'r')).toBe(7)
      const boom = new Error('boom')
      await expect(
        store.transaction(tenant, async (tx) => {
          await tx.removeRole('r')
          throw boom
        }),
      ).rejects.toBe(boom)
      expect(await retired(tenant, 'r')).toBe(7) // the failed removal is not remembered
      expect((await store.load(tenant)).roles).toEqual([role(8)])
      expect(await retired(other, 'r')).toBe(0) // R18
    })

    it('pages the audit log with after and limit, in seq order', async () => {
      const store = await h.store()
      const tenant = h.tenant()
      for (let i = 1; i <= 5; i++)
        await store.transaction(tenant, async (tx) => void (await tx.append(draft(user(`u${i}`, 1)))))
      expect((await store.audit(tenant, { after: 1, limit: 2 })).map((e) => e.seq)).toEqual([2, 3])
      expect((await store.audit(tenant, { after: 3 })).map((e) => e.seq)).toEqual([4, 5])
      expect((await store.audit(tenant, { limit: 0 })).length).toBe(0)
      expect((await store.audit(tenant, { after: 5 })).length).toBe(0)
    })

    it('R18: keeps tenants apart in records, counts, order and audit numbering', async () => {
      const store = await h.store()
      const [a, b] = [h.tenant(), h.tenant()]
      await store.transaction(a, async (tx) => {
        await tx.putUser(user('same', 1, true))
        await tx.append(draft(user('same', 1)))
      })
      expect(await store.load(b)).toEqual({ version: 0, roles: [], users: [] })
      const inB = await store.transaction(b, async (tx) => ({
        user: await tx.user('same'),
        seats: await tx.seatsHeld(),
        entry: await tx.append(draft(user('other', 1))),
      }))
      expect(inB.user).toBeUndefined()
      expect(inB.seats).toBe(0)
      expect(inB.entry.seq).toBe(1)
      expect((await store.audit(a)).map((e) => e.target)).toEqual(['same'])
      expect((await store.audit(b)).map((e) => e.target)).toEqual(['other'])
    })

    it('reports committed changes to watchers, and only commits that appended entries', async () => {
      const store = await h.store()
      if (store.watch === undefined) return
      const tenant = h.tenant()
      const seen: unknown[] = []
      const stop = await store.watch((event) => {
        if (event.type === 'change' && event.tenant === tenant) seen.push(event.version)
      })
      try {
        await store.transaction(tenant, async (tx) => void (await tx.user('nobody')))
        await store.transaction(tenant, async (tx) => void (await tx.append(draft(user('w', 1)))))
        expect(await eventually(async () => seen.includes(1))).toBe(true)
        expect(seen.every((v) => v === 1)).toBe(true)
      } finally {
        await stop()
      }
    })

    it('R30: lists the versions of many tenants in one call (when it offers versions)', async (ctx) => {
      const store = await h.store()
      if (typeof store.versions !== 'function') return ctx.skip() // optional: services then poll per tenant
      const [two, one, empty, unknown] = [h.tenant(), h.tenant(), h.tenant(), h.tenant()]
      await store.transaction(two, async (tx) => {
        await tx.append(draft(user('x', 1)))
        await tx.append(draft(user('y', 1)))
      })
      await store.transaction(one, async (tx) => void (await tx.append(draft(user('x', 1)))))
      await store.transaction(empty, async (tx) => void (await tx.user('nobody'))) // appended nothing
      const found = await store.versions([two, one, empty, unknown, two])
      expect(found).toBeInstanceOf(Map)
      expect([found.get(two), found.get(one), found.get(empty) ?? 0, found.get(unknown) ?? 0]).toEqual([2, 1, 0, 0])
      expect([...found.keys()].every((t) => [two, one, empty, unknown].includes(t))).toBe(true) // R18: nothing else
      expect((await store.versions([])).size).toBe(0)
    })
  })
}
