/*
 * Part of the published store conformance suite (seatguard/testing, R14–R18): these tests
 * run against every PolicyStore, ours and third-party adapters, so they live in src/ and
 * ship in the package. test/ holds the tests of this repository only.
 */
import { ASSIGN, everything, type Harness, refused, VIEW } from './_harness.js'
import { describe, expect, it } from './_vitest.js'

/** User and seat writes through the service, and reads of unknown users. */
export function userTests(h: Harness): void {
  describe('user and seat writes', () => {
    it('R17: setUser creates an unknown user at version 1 and replaces it at version 2', async () => {
      const ac = await h.service()
      const v1 = await ac.setUser({ id: 'ana', roles: ['agent'], seat: true }, { actor: 'hr' })
      expect(v1).toEqual({ id: 'ana', roles: ['agent'], seat: true, version: 1 })
      expect(await ac.can('ana', ASSIGN)).toBe(true)
      const v2 = await ac.setUser({ id: 'ana', roles: ['viewer'] })
      expect(v2).toEqual({ id: 'ana', roles: ['viewer'], seat: true, version: 2 }) // an absent seat is kept
      expect(await ac.user('ana')).toEqual(v2)
      expect((await ac.audit()).map((e) => [e.action, e.actor, e.before, e.after])).toEqual([
        ['user.set', 'hr', null, v1],
        ['user.set', null, v1, v2],
      ])
    })

    it('R17: a setUser that changes nothing keeps the version and writes no entry', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent', 'agent'] })
      const same = await ac.setUser({ id: 'ana', roles: ['agent'], seat: false })
      expect(same).toEqual({ id: 'ana', roles: ['agent'], seat: false, version: 1 })
      expect(await ac.audit()).toHaveLength(1)
    })

    it('R14/R8/R9: setUser refuses exclusive roles, a duplicate beside its source and unknown roles, listing every problem', async () => {
      const ac = await h.service()
      await ac.duplicateRole('agent', { id: 'junior', name: 'Junior' })
      const before = await everything(await h.store(), ac.tenant)
      const all = await refused(
        ac.setUser({ id: 'x', roles: ['ghost', 'supervisor', 'junior', 'agent'], seat: true }),
        'assignment/unknown-role',
      )
      const codes = all.problems.filter((p) => p.severity === 'error').map((p) => p.code)
      expect(codes).toEqual(['assignment/unknown-role', 'assignment/exclusive-roles', 'assignment/derived-with-source'])
      await refused(ac.setUser({ id: 'x', roles: ['supervisor', 'junior'] }), 'assignment/exclusive-roles')
      await refused(ac.setUser({ id: 'x', roles: ['junior', 'agent'] }), 'assignment/derived-with-source')
      await refused(ac.setUser({ id: '', roles: 'agent' as unknown as string[] }), 'data/invalid')
      expect(await everything(await h.store(), ac.tenant)).toEqual(before)
      expect(await ac.user('x')).toBeUndefined()
    })

    it('R14: warnings never block a write (a seat-needing user without a seat, a seat nobody needs)', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      await ac.setUser({ id: 'vic', roles: ['viewer'], seat: true })
      expect((await ac.check('ana')).map((p) => p.code)).toEqual(['seat/missing'])
      expect((await ac.check('vic')).map((p) => p.code)).toEqual(['seat/unused'])
      expect((await ac.check('nobody')).map((p) => p.code)).toEqual(['store/not-found'])
    })

    it('R4/R17: grantSeat and revokeSeat change the seat, bump the version and audit; repeats are no-ops', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'] })
      expect(await ac.can('ana', ASSIGN)).toBe(false)
      const granted = await ac.grantSeat('ana', { actor: 'boss' })
      expect(granted).toEqual({ id: 'ana', roles: ['agent'], seat: true, version: 2 })
      expect(await ac.can('ana', ASSIGN)).toBe(true)
      expect((await ac.grantSeat('ana')).version).toBe(2)
      const revoked = await ac.revokeSeat('ana')
      expect(revoked.version).toBe(3)
      expect((await ac.revokeSeat('ana')).version).toBe(3)
      expect(await ac.can('ana', ASSIGN)).toBe(false)
      expect((await ac.audit()).map((e) => e.action)).toEqual(['user.set', 'seat.granted', 'seat.revoked'])
    })

    it('grantSeat and revokeSeat on an unknown user fail with store/not-found and write nothing', async () => {
      const ac = await h.service()
      await refused(ac.grantSeat('ghost'), 'store/not-found')
      await refused(ac.revokeSeat('ghost'), 'store/not-found')
      expect(await everything(await h.store(), ac.tenant)).toEqual({
        state: { version: 0, roles: [], users: [] },
        audit: [],
      })
    })

    it('R13: an unknown user is denied, not an error', async () => {
      const ac = await h.service()
      expect(await ac.user('ghost')).toBeUndefined()
      expect(await ac.can('ghost', VIEW)).toBe(false)
      expect((await ac.explain('ghost', VIEW)).allowed).toBe(false)
      expect((await ac.access('ghost')).mode).toBe('none')
      expect(await ac.can('ghost', 'not/a-permission')).toBe(false)
    })

    it('R5/R10: access and the seat report read the snapshot', async () => {
      const ac = await h.service()
      await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
      await ac.setUser({ id: 'bo', roles: ['supervisor'] })
      expect((await ac.access('ana')).mode).toBe('full')
      expect((await ac.access('bo')).mode).toBe('viewer')
      const report = await ac.seatReport()
      expect(report.totals).toMatchObject({ users: 2, seatsUsed: 1, seatMissing: 1 })
    })
  })
}
