/*
 * Part of the published store conformance suite (seatguard/testing, R14–R18): these tests
 * run against every PolicyStore, ours and third-party adapters, so they live in src/ and
 * ship in the package. test/ holds the tests of this repository only.
 */
import { isRoleAction } from '../model/audit.js'
import { ASSIGN, eventually, everything, type Harness, refused, SETUP_TAGS } from './_harness.js'
import { describe, expect, it } from './_vitest.js'

/** R16–R18 through the service: conflicts, the audit log, tenants, sync (R15 is in _seat-limit.ts). */
export function ruleTests(h: Harness): void {
  describe('R16 optimistic concurrency', () => {
    it('R16: a stale expectedVersion fails with store/conflict on every write, and changes nothing', async () => {
      const ac = await h.service()
      await ac.createRole({ id: 'mine', name: 'Mine', permissions: [SETUP_TAGS] })
      await ac.updateRole('mine', { name: 'Mine 2' })
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      await ac.grantSeat('ana')
      const before = await everything(await h.store(), ac.tenant)
      const stale = { expectedVersion: 1 }
      await refused(ac.updateRole('mine', { name: 'Lost' }, stale), 'store/conflict')
      await refused(ac.deleteRole('mine', stale), 'store/conflict')
      await refused(ac.setUser({ id: 'ana', roles: ['viewer'] }, stale), 'store/conflict')
      await refused(ac.grantSeat('ana', stale), 'store/conflict')
      await refused(ac.revokeSeat('ana', stale), 'store/conflict')
      await refused(ac.setUser({ id: 'ana', roles: ['agent'] }, { expectedVersion: 0 }), 'store/conflict')
      await refused(
        ac.createRole({ id: 'mine', name: 'Again', permissions: [] }, { expectedVersion: 0 }),
        'store/conflict',
      )
      await refused(ac.setUser({ id: 'new', roles: [] }, { expectedVersion: 3 }), 'store/conflict')
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
      expect((await ac.revokeSeat('ana', { expectedVersion: 2 })).version).toBe(3)
      expect((await ac.setUser({ id: 'new', roles: [] }, { expectedVersion: 0 })).version).toBe(1)
    })

    it('R16: of two writers holding the same version, exactly one wins', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      const results = await Promise.allSettled([
        ac.setUser({ id: 'ana', roles: ['supervisor'] }, { expectedVersion: 1 }),
        ac.setUser({ id: 'ana', roles: ['viewer'] }, { expectedVersion: 1 }),
      ])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      expect(
        results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code),
      ).toEqual(['store/conflict'])
      expect((await ac.user('ana'))?.version).toBe(2)
    })

    it('rejects malformed write options with data/invalid', async () => {
      const ac = await h.service()
      await refused(ac.setUser({ id: 'ana', roles: [] }, { expectedVersion: -1 }), 'data/invalid')
      await refused(ac.setUser({ id: 'ana', roles: [] }, { actor: 7 as unknown as string }), 'data/invalid')
    })
  })

  describe('R17 audit log', () => {
    it('R17: one entry per change, seq 1…n in order, with tenant, actor, time, before and after', async () => {
      const ac = await h.service()
      const started = Date.now()
      await ac.createRole({ id: 'r', name: 'R', permissions: [SETUP_TAGS] }, { actor: 'a1' })
      await ac.duplicateRole('r', { id: 'r2', name: 'R2' }, { actor: 'a2' })
      await ac.updateRole('r2', { name: 'R two' })
      await ac.setUser({ id: 'u', roles: ['r2'] }, { actor: 'a3' })
      await ac.grantSeat('u')
      await ac.grantSeat('u') // no-op
      await ac.revokeSeat('u')
      await ac.deleteRole('r2', { unassign: true })
      const log = await ac.audit()
      expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
      expect(log.map((e) => e.action)).toEqual([
        'role.created',
        'role.duplicated',
        'role.updated',
        'user.set',
        'seat.granted',
        'seat.revoked',
        'user.set',
        'role.deleted',
      ])
      expect(log.map((e) => e.actor)).toEqual(['a1', 'a2', null, 'a3', null, null, null, null])
      for (const e of log) {
        expect(e.tenant).toBe(ac.tenant)
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(started - 1000)
      }
      // Each entry's before is the previous after of the same record: the log replays to the state.
      const last = new Map<string, unknown>()
      for (const e of log) {
        const key = `${isRoleAction(e.action) ? 'role' : 'user'}:${e.target}`
        expect(e.before).toEqual(last.get(key) ?? null)
        last.set(key, e.after)
      }
      expect(ac.snapshotVersion()).toBe(8)
      expect((await ac.audit({ after: 6, limit: 1 })).map((e) => e.seq)).toEqual([7])
    })

    it('R14/R17: refused writes leave no entry and no trace', async () => {
      const ac = await h.service()
      await ac.setSeatLimit(0)
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      const before = await everything(await h.store(), ac.tenant)
      await refused(ac.grantSeat('ana'), 'seat/limit-reached')
      await refused(ac.setUser({ id: 'bo', roles: ['agent', 'supervisor'] }), 'assignment/exclusive-roles')
      await refused(ac.createRole({ id: '-', name: 'x', permissions: [] }), 'role/invalid-id')
      await refused(ac.deleteRole('agent'), 'role/immutable')
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
      expect(ac.snapshotVersion()).toBe(2)
    })
  })

  describe('R18 tenants and sync', () => {
    it('R18: nothing one tenant writes is visible to or changeable by another, both ways', async () => {
      const a = await h.service()
      const b = await h.service()
      await a.createRole({ id: 'shared-id', name: 'A role', permissions: [SETUP_TAGS] })
      await a.setUser({ id: 'ana', roles: ['shared-id'], seat: true })
      expect(b.policy().role('shared-id')).toBeUndefined()
      expect(await b.user('ana')).toBeUndefined()
      await refused(b.grantSeat('ana'), 'store/not-found')
      await refused(b.updateRole('shared-id', { name: 'Hijack' }), 'role/unknown')
      await b.createRole({ id: 'shared-id', name: 'B role', permissions: [] })
      await b.setUser({ id: 'ana', roles: ['viewer'] })
      expect(a.policy().role('shared-id')?.name).toBe('A role')
      expect(await a.user('ana')).toMatchObject({ roles: ['shared-id'], seat: true, version: 1 })
      expect(await a.can('ana', SETUP_TAGS)).toBe(true)
      expect(await b.can('ana', SETUP_TAGS)).toBe(false)
      expect((await a.audit()).map((e) => e.after?.version)).toEqual([1, 1])
      expect((await b.audit()).map((e) => e.tenant)).toEqual([b.tenant, b.tenant])
    })

    it('R18: refuses a tenant a database cannot keep apart or store (NUL, lone surrogates) with data/invalid', async () => {
      // PostgreSQL turns a lone surrogate into U+FFFD, so "t\ud800" and "t\udbff" would be one tenant there.
      for (const tenant of [`${h.tenant()}\ud800`, `${h.tenant()}\udbff`, `${h.tenant()}\u0000`]) {
        await refused(h.service({ tenant }), 'data/invalid')
      }
    })

    it('refuses ids, actors and role texts a database cannot store with data/invalid, like every store, writing nothing', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      await ac.createRole({ id: 'mine', name: 'Mine', permissions: [SETUP_TAGS] })
      const before = await everything(await h.store(), ac.tenant)
      for (const id of ['a\u0000b', 'x\ud800', '\udc00y', 'u'.repeat(257)]) {
        await refused(ac.setUser({ id, roles: ['agent'] }), 'data/invalid')
        await refused(ac.grantSeat(id), 'store/not-found') // no such user can exist
      }
      await refused(ac.setUser({ id: 'bo', roles: ['agent'] }, { actor: 'ops\u0000' }), 'data/invalid')
      await refused(ac.setUser({ id: 'bo', roles: ['agent'] }, { actor: 'ops\ud800' }), 'data/invalid')
      await refused(ac.createRole({ id: 'r1', name: 'R\u0000', permissions: [] }), 'data/invalid')
      await refused(ac.createRole({ id: 'r1', name: 'R', description: '\udc00', permissions: [] }), 'data/invalid')
      await refused(ac.duplicateRole('agent', { id: 'r1', name: '\ud800' }), 'data/invalid')
      await refused(ac.updateRole('mine', { description: 'x\u0000' }), 'data/invalid')
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
      // What a database keeps is fine: a surrogate pair, other control characters, 256 characters.
      expect(
        (await ac.setUser({ id: `\ud83d\ude00\u0001${'u'.repeat(253)}`, roles: [] }, { actor: '\ud83d\ude00' }))
          .version,
      ).toBe(1)
    })

    it('reads its own writes, and a second service on the same store catches up', async () => {
      const a = await h.service()
      const b = await h.service({ tenant: a.tenant })
      await a.setUser({ id: 'ana', roles: ['agent'], seat: true })
      expect(a.snapshotVersion()).toBe(1)
      expect(await a.can('ana', ASSIGN)).toBe(true)
      const store = await h.store()
      // A store with a change feed pushes the change; without one, refresh() pulls it.
      if (!store.watch) await b.refresh()
      const caught = store.watch ? await eventually(() => b.can('ana', ASSIGN)) : await b.can('ana', ASSIGN)
      expect(caught).toBe(true)
      await b.revokeSeat('ana')
      expect(
        store.watch ? await eventually(async () => !(await a.can('ana', ASSIGN))) : (await a.refresh()) === 2,
      ).toBe(true)
      expect(a.snapshotVersion()).toBe(2)
    })

    it('a late service loads the current state, including custom roles', async () => {
      const a = await h.service()
      await a.duplicateRole('supervisor', { id: 'lead', name: 'Lead' })
      await a.setUser({ id: 'li', roles: ['lead'], seat: true })
      const late = await h.service({ tenant: a.tenant })
      expect(late.snapshotVersion()).toBe(2)
      expect(await late.can('li', 'conversations/supervision/reassign')).toBe(true)
    })
  })
}
