/*
 * Part of the published store conformance suite (seatguard/testing, R19–R25): these tests
 * run against every PolicyStore, ours and third-party adapters, so they live in src/ and
 * ship in the package. test/ holds the tests of this repository only.
 */
import { everything, type Harness, refused, VIEW } from './_harness.js'
import { describe, expect, it } from './_vitest.js'

const TRANSFER = 'conversations/my-work/transfer'
const SETUP_QUEUES = 'conversations/setup/queues'

/** Queue memberships through the service: stored, versioned, audited, per tenant (R25), and checks on work items. */
export function queueTests(h: Harness): void {
  describe('queue memberships (R19, R25)', () => {
    it('R25: setUser stores queues, versioned and audited; a change of queues only is a write', async () => {
      const ac = await h.service()
      const v1 = await ac.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }, { actor: 'hr' })
      expect(v1).toEqual({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'], version: 1 })
      const v2 = await ac.setUser({ id: 'ana', roles: ['agent'], queues: ['billing', 'sales'] }, { expectedVersion: 1 })
      expect(v2).toEqual({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing', 'sales'], version: 2 })
      expect(await ac.user('ana')).toEqual(v2)
      expect((await ac.audit()).map((e) => [e.action, e.actor, e.before, e.after])).toEqual([
        ['user.set', 'hr', null, v1],
        ['user.set', null, v1, v2],
      ])
      const store = await h.store()
      expect((await store.load(ac.tenant)).users).toEqual([v2])
      // A second service loads the stored queues, and follows a later change through the audit log.
      const other = await h.service({ tenant: ac.tenant })
      expect(await other.user('ana')).toEqual(v2)
      await ac.setUser({ id: 'ana', roles: ['agent'], queues: ['sales'] })
      expect(await other.refresh()).toBe(3)
      expect((await other.user('ana'))?.queues).toEqual(['sales'])
      expect(await other.can('ana', VIEW, { queue: 'billing' })).toBe(false)
    })

    it('R25/R17: a setUser with the same queues (repeats counted once) is a no-op; a new order is a change', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'], queues: ['billing', 'sales', 'billing'] })
      const same = await ac.setUser({ id: 'ana', roles: ['agent'], seat: false, queues: ['billing', 'sales'] })
      expect(same).toEqual({ id: 'ana', roles: ['agent'], seat: false, queues: ['billing', 'sales'], version: 1 })
      expect((await ac.setUser({ id: 'ana', roles: ['agent'] })).version).toBe(1) // absent: unchanged
      expect(await ac.audit()).toHaveLength(1)
      const reordered = await ac.setUser({ id: 'ana', roles: ['agent'], queues: ['sales', 'billing'] })
      expect(reordered.version).toBe(2)
      expect(await ac.audit()).toHaveLength(2)
    })

    it('R25: absent queues keep the stored ones, [] clears them, and a user without queues is stored without the field', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'], queues: ['billing'] })
      const kept = await ac.setUser({ id: 'ana', roles: ['viewer'] })
      expect(kept).toEqual({ id: 'ana', roles: ['viewer'], seat: false, queues: ['billing'], version: 2 })
      const cleared = await ac.setUser({ id: 'ana', roles: ['viewer'], queues: [] })
      expect(cleared).toEqual({ id: 'ana', roles: ['viewer'], seat: false, version: 3 })
      expect('queues' in cleared).toBe(false)
      expect((await ac.setUser({ id: 'ana', roles: ['viewer'], queues: [] })).version).toBe(3) // still none: no-op
      const none = await ac.setUser({ id: 'ben', roles: ['agent'], queues: [] })
      const store = await h.store()
      const { users } = await store.load(ac.tenant)
      expect(users.map((u) => 'queues' in u)).toEqual([false, false])
      expect(users).toEqual([cleared, none])
      const entries = await ac.audit()
      expect(entries.map((e) => e.after !== null && 'queues' in e.after)).toEqual([true, true, false, false])
      expect(await ac.can('ana', VIEW, { queue: 'billing' })).toBe(false)
    })

    it('R25/R4: seat changes and removing a held role keep the queues', async () => {
      const ac = await h.service()
      await ac.duplicateRole('agent', { id: 'helper', name: 'Helper' })
      await ac.setUser({ id: 'ana', roles: ['helper'], queues: ['billing'] })
      expect((await ac.grantSeat('ana')).queues).toEqual(['billing'])
      expect((await ac.revokeSeat('ana')).queues).toEqual(['billing'])
      await ac.deleteRole('helper', { unassign: true })
      expect(await ac.user('ana')).toEqual({ id: 'ana', roles: [], seat: false, queues: ['billing'], version: 4 })
      const store = await h.store()
      expect((await store.load(ac.tenant)).users).toEqual([await ac.user('ana')])
    })

    it('R18/R25: queues are per tenant', async () => {
      const [a, b] = [await h.service(), await h.service()]
      await a.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] })
      await b.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['sales'] })
      await b.setUser({ id: 'ben', roles: ['viewer'], queues: ['billing'] })
      expect((await a.user('ana'))?.queues).toEqual(['billing'])
      expect((await b.user('ana'))?.queues).toEqual(['sales'])
      expect(await a.can('ana', VIEW, { queue: 'sales' })).toBe(false)
      expect(await b.can('ana', VIEW, { queue: 'sales' })).toBe(true)
      expect((await a.queueReport()).queues.map((q) => q.queue)).toEqual(['billing'])
      expect((await b.queueReport()).totals).toEqual({ queues: 2, agents: 1, viewers: 1, inert: 0 })
    })

    it('R14/R25: malformed queues are refused with data/invalid, naming the field, and nothing is written', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'], queues: ['billing'] })
      const before = await everything(await h.store(), ac.tenant)
      const bad: unknown[] = ['billing', ['bad queue'], [42], [''], ['-starts-with-dash'], ['x'.repeat(129)], [null]]
      for (const queues of bad) {
        const err = await refused(
          ac.setUser({ id: 'ana', roles: ['agent'], queues: queues as string[] }),
          'data/invalid',
        )
        expect(err.message, String(queues)).toMatch(/^setUser: "queues" must be absent or an array of queue ids/)
      }
      await refused(ac.setUser({ id: 'cy', roles: ['agent'], queues: ['ok', 'not ok'] }), 'data/invalid')
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
      expect(await ac.user('cy')).toBeUndefined()
    })

    it('R21/R23: ac.can with an item, ac.explain and ac.reach agree with the policy for the stored user', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] })
      await ac.setUser({ id: 'ben', roles: ['agent'], queues: ['billing'] })
      await ac.setUser({ id: 'bo', roles: ['supervisor'], seat: true })
      await ac.setUser({ id: 'sol', roles: ['setup'], seat: true, queues: ['billing'] })
      const items = [
        undefined,
        {},
        { queue: 'billing' },
        { queue: 'sales' },
        { queue: 'sales', assignee: 'ana' },
        { assignee: 'ben' },
        { queue: '' },
      ]
      for (const id of ['ana', 'ben', 'bo', 'sol', 'ghost']) {
        const user = (await ac.user(id)) ?? { id, roles: [] }
        for (const permission of [VIEW, TRANSFER, SETUP_QUEUES]) {
          expect(await ac.reach(id, permission), `${id} ${permission}`).toEqual(ac.policy().reach(user, permission))
          for (const item of items) {
            const what = `${id} ${permission} ${JSON.stringify(item)}`
            expect(await ac.can(id, permission, item), what).toBe(ac.policy().can(user, permission, item))
            expect(await ac.explain(id, permission, item), what).toEqual(ac.policy().explain(user, permission, item))
          }
        }
      }
      // The worked examples of section 5, through the service.
      expect(await ac.can('ana', TRANSFER, { queue: 'billing' })).toBe(true)
      expect(await ac.can('ana', TRANSFER, { queue: 'sales', assignee: 'ana' })).toBe(true)
      expect((await ac.explain('ana', TRANSFER, { queue: 'sales' })).reason).toBe('out-of-reach')
      expect(await ac.reach('ana', TRANSFER)).toEqual({ kind: 'some', queues: ['billing'], assignee: 'ana' })
      expect(await ac.can('ben', VIEW, { queue: 'billing' })).toBe(true)
      expect((await ac.explain('ben', TRANSFER, { queue: 'billing' })).reason).toBe('no-seat')
      expect(await ac.can('bo', TRANSFER, { queue: 'sales' })).toBe(true)
      expect(await ac.can('sol', SETUP_QUEUES, { queue: 'sales' })).toBe(true)
      expect((await ac.reach('ghost', VIEW)).kind).toBe('none')
    })

    it('R24: ac.queueReport is the policy queue report of the stored users', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] })
      await ac.setUser({ id: 'ben', roles: ['agent'], queues: ['billing', 'sales'] })
      await ac.setUser({ id: 'bo', roles: ['supervisor'], seat: true })
      const report = await ac.queueReport()
      expect(report).toEqual(ac.policy().queueReport(await ac.users()))
      expect(report.queues.map((q) => [q.queue, q.agents.length, q.viewers.length])).toEqual([
        ['billing', 1, 1],
        ['sales', 0, 1],
      ])
    })
  })
}
