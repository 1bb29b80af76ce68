import { describe, expectTypeOf, it } from 'vitest'
import {
  type BatchUserInput,
  conversations,
  createAccessControl,
  createMemoryStore,
  type DryRun,
  type ImportProgress,
  type StoredUser,
} from '../../src/index.js'

describe('R38: setUsers and importUsers are typed', () => {
  it('R38: setUsers resolves to the records, or with dryRun: true to { record, impact }; options take no expectedVersion', async () => {
    const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
    const users: BatchUserInput[] = [{ id: 'a', roles: ['agent'], expectedVersion: 0 }]
    expectTypeOf(ac.setUsers(users)).resolves.toEqualTypeOf<readonly StoredUser[]>()
    expectTypeOf(ac.setUsers(users, { actor: 'sync' })).resolves.toEqualTypeOf<readonly StoredUser[]>()
    expectTypeOf(ac.setUsers(users, { dryRun: true })).resolves.toMatchTypeOf<DryRun<readonly StoredUser[]>>()
    const trial = await ac.setUsers(users, { dryRun: true })
    expectTypeOf(trial.record).toEqualTypeOf<readonly StoredUser[]>()
    // @ts-expect-error each user carries its own expectedVersion: the options take none
    ac.setUsers(users, { expectedVersion: 1 })
    // @ts-expect-error an expectedVersion is a number
    ac.setUsers([{ id: 'a', roles: [], expectedVersion: '1' }])
    // @ts-expect-error R16: stored users carry a version a batch would ignore; pass it as expectedVersion
    ac.setUsers(await ac.users())
    ac.setUsers((await ac.users()).map(({ version, ...u }) => ({ ...u, expectedVersion: version })))
  })

  it('R38: importUsers takes iterables and async iterables and resolves to the totals', async () => {
    const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
    async function* stream(): AsyncGenerator<BatchUserInput> {
      yield { id: 'a', roles: [] }
    }
    expectTypeOf(ac.importUsers(stream())).resolves.toEqualTypeOf<ImportProgress>()
    expectTypeOf(
      ac.importUsers(new Set([{ id: 'a', roles: [] }]), { batchSize: 10 }),
    ).resolves.toEqualTypeOf<ImportProgress>()
    // @ts-expect-error onProgress is called with the totals
    ac.importUsers([], { onProgress: (p: string) => p })
  })
})
