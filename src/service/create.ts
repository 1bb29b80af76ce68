import { reading } from '../errors.js'
import { readAccessControlOptions } from './_options.js'
import { Service } from './_service.js'
import { guardStore } from './_store.js'
import type { AccessControl, AccessControlOptions } from './types.js'

/**
 * Opens one tenant's {@link AccessControl} over a store: loads the tenant, follows the
 * store's change feed (and polls it every `pollInterval` ms as a safety net), and
 * resolves when the first snapshot is ready. Writes are validated (R14), held to the
 * tenant's stored seat limit (R15), versioned (R16), audited (R17) and scoped to `tenant` (R18).
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
 * await ac.setSeatLimit(5, { actor: 'admin' }) // the tenant's limit, kept in the store
 * await ac.setUser({ id: 'ana', roles: ['agent'], seat: true }, { actor: 'admin' })
 * const allowed = await ac.can('ana', 'conversations/my-work/transfer') // true
 * await ac.close()
 * ```
 */
export async function createAccessControl<TPermission extends string, TRole extends string>(
  options: AccessControlOptions<TPermission, TRole>,
): Promise<AccessControl<TPermission>> {
  const { catalogue, store, tenant, pollInterval } = reading('createAccessControl: the options', () =>
    readAccessControlOptions(options),
  )
  return (await Service.open(
    catalogue,
    guardStore(store),
    tenant,
    pollInterval,
  )) as unknown as AccessControl<TPermission>
}
