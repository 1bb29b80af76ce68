import { describe, expect, it } from 'vitest'
import { conversations, createAccessControl, createMemoryStore } from '../../src/index.js'
import { run } from './_run.js'

describe('a policy file written by a service: { ...policy.toJSON(), users }', () => {
  it('is read as is (stored users carry a version) and gives the same seat report as the service', async () => {
    const ac = await createAccessControl({
      catalogue: conversations,
      store: createMemoryStore(),
      tenant: 'acme',
      pollInterval: 0,
    })
    try {
      await ac.duplicateRole('agent', { id: 'agent-no-assign', name: 'Agent without assignment' })
      const copy = ac.policy().role('agent-no-assign')
      await ac.updateRole('agent-no-assign', {
        permissions: (copy?.permissions ?? []).filter((p) => p !== 'conversations/allow-assignment'),
      })
      await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
      await ac.setUser({ id: 'ben', roles: ['agent-no-assign'] })
      await ac.setUser({ id: 'vic', roles: ['viewer'] })
      await ac.grantSeat('ben')
      const data = { ...ac.policy().toJSON(), users: await ac.users() }
      expect(data.users.every((u) => typeof (u as { version?: unknown }).version === 'number')).toBe(true)
      const files = { 'service.json': JSON.stringify(data) }

      expect(await run(['check', 'service.json'], files)).toMatchObject({
        code: 0,
        stdout: 'No problems in service.json (1 custom role, 3 users).\n',
      })
      const seats = await run(['seats', 'service.json', '--json'], files)
      expect(seats.code).toBe(0)
      // The file holds no seat limit (R15: it is the tenant's, in the store): the CLI reports what
      // the service does, less the two totals about the limit.
      const { rows, totals } = await ac.seatReport()
      const { limit, overLimit, ...core } = totals
      expect([limit, overLimit]).toEqual([null, false])
      expect(JSON.parse(seats.stdout)).toEqual(JSON.parse(JSON.stringify({ rows, totals: core })))
      const denied = await run(
        ['explain', 'service.json', '-u', 'ben', '-p', 'conversations/allow-assignment', '--json'],
        files,
      )
      expect(denied.code).toBe(1)
      expect(JSON.parse(denied.stdout).decision).toEqual(
        JSON.parse(JSON.stringify(await ac.explain('ben', 'conversations/allow-assignment'))),
      )
    } finally {
      await ac.close()
    }
  })

  it('refuses a "version" that is not a whole number, at its path', async () => {
    const r = await run(['check', 'v.json', '--json'], {
      'v.json': { catalogue: { id: 'conversations', version: '1.0.0' }, users: [{ id: 'a', roles: [], version: 'x' }] },
    })
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).findings).toEqual([
      expect.objectContaining({ path: 'users[0].version', code: 'data/invalid' }),
    ])
  })
})
