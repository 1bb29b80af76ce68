import { describe, expect, it } from 'vitest'
import { createGuard } from '../../src/client/index.js'
import { conversations, createGrant, createMemoryStore, createTenants, SeatguardError } from '../../src/index.js'
import { getterThrows, revoked, trapsThrow } from '../../src/testing/_hostile.js'
import { openService, TAGS, TRANSFER, VIEW } from '../_fixtures.js'

const CATALOGUE = { catalogue: { id: 'conversations', version: '1.0.0' } }

async function seeded() {
  const store = createMemoryStore()
  const ac = await openService(store)
  await ac.createRole({ id: 'tagger', name: 'Tagger', permissions: [VIEW, TAGS] })
  await ac.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] })
  await ac.setUser({ id: 'ben', roles: ['tagger'] })
  return { store, ac }
}

describe('R36: ac.grant(userId) makes a user’s grant from the service’s current snapshot', () => {
  it('R36: is what createGrant makes from the current policy and the stored user, custom roles included', async () => {
    const { ac } = await seeded()
    for (const id of ['ana', 'ben']) {
      const user = await ac.user(id)
      expect(user).toBeDefined()
      if (user !== undefined) expect(await ac.grant(id)).toEqual(createGrant(ac.policy(), user))
    }
    // ben holds only the tenant's custom role: its permissions are withheld for want of a seat.
    expect(await ac.grant('ben')).toMatchObject({ user: 'ben', mode: 'viewer', withheld: { [TAGS]: 'no-seat' } })
    await ac.close()
  })

  it('R36, R25: follows writes: a revoked seat withholds Transfer, a seat granted back allows it again', async () => {
    const { ac } = await seeded()
    const transfers = async () => createGuard(await ac.grant('ana'), CATALOGUE).can(TRANSFER, { queue: 'billing' })
    expect(await transfers()).toBe(true)
    await ac.revokeSeat('ana')
    expect(await ac.grant('ana')).toMatchObject({ mode: 'viewer', withheld: { [TRANSFER]: 'no-seat' } })
    expect(await transfers()).toBe(false)
    await ac.grantSeat('ana')
    expect(await transfers()).toBe(true)
    await ac.close()
  })

  it('R36, R13: an unknown user id gets a grant for that id that allows nothing, which a guard reads', async () => {
    const { ac } = await seeded()
    const grant = await ac.grant('zoe')
    expect(grant).toEqual({
      format: 'seatguard.grant',
      v: 1,
      catalogue: { id: 'conversations', version: conversations.version },
      user: 'zoe',
      mode: 'none',
      permissions: [],
      withheld: {},
      reach: {},
      // R35: the display names travel with every grant, so the page words even a denial.
      names: Object.fromEntries(conversations.permissions.map((p) => [p.id, p.name])),
    })
    const guard = createGuard(JSON.parse(JSON.stringify(grant)), CATALOGUE)
    expect([guard.mode, guard.can(VIEW)]).toEqual(['none', false])
    await ac.close()
  })

  it('R29: a user id that is not a non-empty string is refused with data/invalid, a hostile one too', async () => {
    const { store, ac } = await seeded()
    const before = await store.audit('acme')
    const odd = ['', 7, null, undefined, Symbol('ana'), ['ana'], revoked({}), trapsThrow({}), getterThrows({}, 'id')]
    for (const [i, id] of odd.entries()) {
      const err = await ac.grant(id as never).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err, `odd id #${i}`).toBeInstanceOf(SeatguardError)
      expect((err as SeatguardError).code, `odd id #${i}`).toBe('data/invalid')
      // Named after the call that was made, not createGrant's "fix the user record".
      expect((err as SeatguardError).message, `odd id #${i}`).toMatch(/^grant: /)
    }
    expect(await store.audit('acme')).toEqual(before)
    await ac.close()
  })

  it('R28: after close() it rejects with store/unavailable', async () => {
    const { ac } = await seeded()
    await ac.close()
    await expect(ac.grant('ana')).rejects.toMatchObject({ code: 'store/unavailable' })
  })

  it('R36, R18: a tenant handle from createTenants makes the grant from its own tenant', async () => {
    const store = createMemoryStore()
    const tenants = createTenants({ catalogue: conversations, store })
    await (await tenants.get('acme')).setUser({ id: 'ana', roles: ['agent'], seat: true })
    await (await tenants.get('globex')).setUser({ id: 'ana', roles: ['viewer'] })
    expect((await (await tenants.get('acme')).grant('ana')).permissions).toContain(TRANSFER)
    expect((await (await tenants.get('globex')).grant('ana')).permissions).toEqual([VIEW])
    await tenants.close()
  })
})
