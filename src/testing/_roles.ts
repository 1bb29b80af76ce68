/*
 * Part of the published store conformance suite (seatguard/testing, R14–R18): these tests
 * run against every PolicyStore, ours and third-party adapters, so they live in src/ and
 * ship in the package. test/ holds the tests of this repository only.
 */
import { ASSIGN, everything, type Harness, REPORTS, refused, SETUP_TAGS, VIEW } from './_harness.js'
import { describe, expect, it } from './_vitest.js'

/** Role writes through the service: success, every failure path, versions and audit. */
export function roleTests(h: Harness): void {
  describe('role writes', () => {
    it('R3/R17: createRole stores version 1, audits role.created and shows in the snapshot', async () => {
      const ac = await h.service()
      const role = await ac.createRole({ id: 'reports', name: 'Reports', permissions: [REPORTS] }, { actor: 'ops' })
      expect(role).toEqual({ id: 'reports', name: 'Reports', permissions: [REPORTS], version: 1 })
      expect(ac.policy().role('reports')?.kind).toBe('custom')
      await ac.setUser({ id: 'rita', roles: ['reports'], seat: true })
      expect(await ac.can('rita', REPORTS)).toBe(true)
      const [entry] = await ac.audit()
      expect(entry).toMatchObject({
        seq: 1,
        tenant: ac.tenant,
        actor: 'ops',
        action: 'role.created',
        target: 'reports',
        before: null,
        after: role,
      })
    })

    it('R14/R3: createRole refuses bad data whole, listing every problem, and writes nothing', async () => {
      const ac = await h.service()
      const store = await h.store()
      const before = await everything(store, ac.tenant)
      const err = await refused(
        ac.createRole({ id: 'Bad Id', name: '', permissions: [REPORTS, 'no/such'] }),
        'role/invalid-id',
      )
      expect(err.problems.map((p) => p.code)).toEqual(['role/invalid-id', 'data/invalid', 'role/unknown-permission'])
      await refused(ac.createRole({ id: 'agent', name: 'Mine', permissions: [] }), 'role/duplicate-id')
      await ac.createRole({ id: 'once', name: 'Once', permissions: [] })
      const after = await everything(store, ac.tenant)
      await refused(ac.createRole({ id: 'once', name: 'Twice', permissions: [] }), 'role/duplicate-id')
      expect(await everything(store, ac.tenant)).toEqual(after)
      expect(before).toEqual({ state: { version: 0, roles: [], users: [] }, audit: [] })
    })

    it('R3: duplicateRole copies the source, records derivedFrom through chains, audits role.duplicated', async () => {
      const ac = await h.service()
      const junior = await ac.duplicateRole('agent', { id: 'junior', name: 'Junior' })
      expect(junior).toMatchObject({ id: 'junior', derivedFrom: 'agent', version: 1 })
      expect(junior.permissions).toEqual(ac.policy().role('agent')?.permissions)
      const trainee = await ac.duplicateRole('junior', { id: 'trainee', name: 'Trainee' })
      expect(trainee.derivedFrom).toBe('agent')
      expect((await ac.audit()).map((e) => e.action)).toEqual(['role.duplicated', 'role.duplicated'])
      await refused(ac.duplicateRole('ghost', { id: 'copy', name: 'Copy' }), 'role/unknown')
      await refused(ac.duplicateRole('agent', { id: 'junior', name: 'Again' }), 'role/duplicate-id')
      expect(ac.snapshotVersion()).toBe(2)
    })

    it('R16/R17: updateRole bumps the version, audits before and after; a no-op keeps both', async () => {
      const ac = await h.service()
      const v1 = await ac.createRole({ id: 'setup-lite', name: 'Setup lite', permissions: [SETUP_TAGS] })
      const v2 = await ac.updateRole(
        'setup-lite',
        { name: 'Setup (lite)', permissions: [SETUP_TAGS, REPORTS] },
        { actor: 'ana', expectedVersion: 1 },
      )
      expect(v2).toEqual({ id: 'setup-lite', name: 'Setup (lite)', permissions: [SETUP_TAGS, REPORTS], version: 2 })
      const same = await ac.updateRole('setup-lite', { name: 'Setup (lite)' })
      expect(same.version).toBe(2)
      const log = await ac.audit()
      expect(log).toHaveLength(2)
      expect(log[1]).toMatchObject({ action: 'role.updated', actor: 'ana', before: v1, after: v2 })
    })

    it('R2/R14: updateRole refuses default roles, unknown roles and bad permissions, writing nothing', async () => {
      const ac = await h.service()
      await ac.createRole({ id: 'mine', name: 'Mine', permissions: [] })
      const before = await everything(await h.store(), ac.tenant)
      await refused(ac.updateRole('agent', { name: 'Changed' }), 'role/immutable')
      await refused(ac.updateRole('ghost', { name: 'Changed' }), 'role/unknown')
      const err = await refused(ac.updateRole('mine', { name: '', permissions: ['nope'] }), 'data/invalid')
      expect(err.problems.map((p) => p.code)).toEqual(['data/invalid', 'role/unknown-permission'])
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
    })

    it('R3/R14/R16: updateRole adds and removes on the role as stored, so edits from two services both land', async () => {
      const ac = await h.service()
      const other = await h.service({ tenant: ac.tenant })
      const v1 = await ac.duplicateRole('agent', { id: 'junior', name: 'Junior' })
      expect(v1.permissions).toContain(ASSIGN)
      // `other` has not seen the copy yet: each edit reads the stored role inside its transaction.
      await Promise.all([ac.updateRole('junior', { add: [REPORTS] }), other.updateRole('junior', { remove: [ASSIGN] })])
      await ac.refresh()
      const stored = ac.policy().role('junior')?.permissions ?? []
      expect(stored).toEqual(v1.permissions.filter((p) => p !== ASSIGN).concat(REPORTS))
      expect((await ac.audit()).map((e) => [e.action, e.after?.version])).toEqual([
        ['role.duplicated', 1],
        ['role.updated', 2],
        ['role.updated', 3],
      ])
      // Removing what the role lacks and adding what it holds is a no-op: same version, no entry (R17).
      expect((await ac.updateRole('junior', { remove: [ASSIGN], add: [REPORTS] })).version).toBe(3)
      const before = await everything(await h.store(), ac.tenant)
      await refused(ac.updateRole('junior', { permissions: [REPORTS], add: [VIEW] }), 'data/invalid')
      await refused(ac.updateRole('junior', { remove: ['no/such'] as string[] }), 'role/unknown-permission')
      await refused(ac.updateRole('agent', { add: [REPORTS] }), 'role/immutable')
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
    })

    it('R2/R17: deleteRole removes a custom role and audits role.deleted; default and unknown roles are refused', async () => {
      const ac = await h.service()
      const role = await ac.createRole({ id: 'temp', name: 'Temp', permissions: [REPORTS] })
      expect(await ac.deleteRole('temp', { actor: 'ops' })).toEqual(role)
      expect(ac.policy().role('temp')).toBeUndefined()
      expect((await ac.audit())[1]).toMatchObject({
        action: 'role.deleted',
        target: 'temp',
        before: role,
        after: null,
        actor: 'ops',
      })
      await refused(ac.deleteRole('supervisor'), 'role/immutable')
      await refused(ac.deleteRole('temp'), 'role/unknown')
    })

    it('R16/R17: a role deleted and created again continues its version, so an expectedVersion read before the delete is a store/conflict (when the store offers retiredRoleVersion)', async (ctx) => {
      const store = await h.store()
      if (!(await store.transaction(h.tenant(), async (tx) => typeof tx.retiredRoleVersion === 'function')))
        return ctx.skip()
      const ac = await h.service()
      const other = await h.service({ tenant: ac.tenant })
      await ac.createRole({ id: 'temp', name: 'Temp', permissions: [REPORTS] })
      const read = await ac.updateRole('temp', { name: 'Temp 2' })
      expect(read.version).toBe(2)
      await other.deleteRole('temp', { expectedVersion: 2 })
      const again = await other.duplicateRole('analytics', { id: 'temp', name: 'Again' }, { expectedVersion: 0 })
      expect(again).toMatchObject({ id: 'temp', name: 'Again', derivedFrom: 'analytics', version: 3 })
      const before = await everything(store, ac.tenant)
      await refused(ac.updateRole('temp', { name: 'Lost update' }, { expectedVersion: read.version }), 'store/conflict')
      await refused(ac.updateRole('temp', { name: 'Lost update' }, { expectedVersion: 1 }), 'store/conflict')
      await refused(ac.deleteRole('temp', { expectedVersion: read.version }), 'store/conflict')
      expect(await everything(store, ac.tenant)).toEqual(before)
      await ac.refresh()
      expect(ac.policy().role('temp')?.name).toBe('Again')
      expect((await ac.updateRole('temp', { name: 'Again 2' }, { expectedVersion: 3 })).version).toBe(4)
      await ac.deleteRole('temp', { expectedVersion: 4 })
      const third = await ac.createRole({ id: 'temp', name: 'Third', permissions: [] }, { expectedVersion: 0 })
      expect(third.version).toBe(5)
      const made = (await ac.audit()).filter((e) => e.action === 'role.created' || e.action === 'role.duplicated')
      expect(made.map((e) => [e.action, e.target, e.before, e.after?.version])).toEqual([
        ['role.created', 'temp', null, 1],
        ['role.duplicated', 'temp', null, 3],
        ['role.created', 'temp', null, 5],
      ])
      expect(made[2]?.after).toEqual(third)
      const elsewhere = await h.service() // R18: another tenant's role of that id is new
      expect((await elsewhere.createRole({ id: 'temp', name: 'Mine', permissions: [] })).version).toBe(1)
    })

    it('role/in-use: deleteRole is refused while users hold the role, and changes nothing', async () => {
      const ac = await h.service()
      await ac.createRole({ id: 'reports', name: 'Reports', permissions: [REPORTS] })
      await ac.setUser({ id: 'ana', roles: ['agent', 'reports'], seat: true })
      const before = await everything(await h.store(), ac.tenant)
      const err = await refused(ac.deleteRole('reports'), 'role/in-use')
      expect(err.context.users).toEqual(['ana'])
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
    })

    it('role/in-use: deleteRole with unassign removes the role from its holders in the same transaction', async () => {
      const ac = await h.service()
      await ac.createRole({ id: 'reports', name: 'Reports', permissions: [REPORTS] })
      await ac.setUser({ id: 'ana', roles: ['agent', 'reports'], seat: true })
      await ac.setUser({ id: 'bo', roles: ['reports'] })
      await ac.setUser({ id: 'cy', roles: ['viewer'] })
      await ac.deleteRole('reports', { unassign: true, actor: 'ops' })
      expect((await ac.users()).map((u) => [u.id, u.roles, u.version])).toEqual([
        ['ana', ['agent'], 2],
        ['bo', [], 2],
        ['cy', ['viewer'], 1],
      ])
      const log = (await ac.audit({ after: 4 })).map((e) => [e.seq, e.action, e.target])
      expect(log).toEqual([
        [5, 'user.set', 'ana'],
        [6, 'user.set', 'bo'],
        [7, 'role.deleted', 'reports'],
      ])
      expect(await ac.can('ana', REPORTS)).toBe(false)
      expect(ac.snapshotVersion()).toBe(7)
    })
  })
}
