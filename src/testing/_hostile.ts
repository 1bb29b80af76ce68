/*
 * Part of the published store conformance suite (seatguard/testing, R29): hostile arguments,
 * shared by the suite and this repository's own service tests.
 */
import type { AccessControl } from '../service/types.js'

/** An object whose `key` is a getter that throws. */
export const getterThrows = (base: Record<string, unknown>, key: string): unknown =>
  Object.defineProperty({ ...base }, key, {
    enumerable: true,
    get() {
      throw new Error(`boom: ${key}`)
    },
  })

/** A revoked Proxy of `base`: every operation on it throws a TypeError. */
export const revoked = (base: object): unknown => {
  const { proxy, revoke } = Proxy.revocable(base, {})
  revoke()
  return proxy
}

const trap = (name: string) => () => {
  throw new Error(`trap: ${name}`)
}

/** A Proxy of `base` whose every trap throws. */
export const trapsThrow = (base: object): unknown =>
  new Proxy(base, {
    get: trap('get'),
    ownKeys: trap('ownKeys'),
    getOwnPropertyDescriptor: trap('getOwnPropertyDescriptor'),
    has: trap('has'),
    getPrototypeOf: trap('getPrototypeOf'),
  })

/** A list far longer than any tenant needs. */
export const huge = (entry: string): string[] => Array.from({ length: 1_000_000 }, (_, i) => `${entry}${i}`)

const VIEW = 'contact-center/conversations/view'
const USER = { id: 'cy', roles: ['agent'], seat: true }
const ROLE = { id: 'new-role', name: 'New', permissions: [VIEW] }

/**
 * Writes with one hostile argument each, on a tenant holding the custom role `mine` and the
 * users `ana` and `ben`: every one must be refused with `data/invalid` and write nothing (R29).
 */
export const HOSTILE_WRITES: readonly (readonly [string, (ac: AccessControl) => Promise<unknown>])[] = [
  ['setUser: a throwing getter on id', (ac) => ac.setUser(getterThrows(USER, 'id') as never)],
  ['setUser: a throwing getter on roles', (ac) => ac.setUser(getterThrows(USER, 'roles') as never)],
  ['setUser: a throwing getter on actor', (ac) => ac.setUser(USER, getterThrows({}, 'actor') as never)],
  [
    'setUser: a throwing getter on expectedVersion',
    (ac) => ac.setUser(USER, getterThrows({}, 'expectedVersion') as never),
  ],
  ['createRole: a throwing getter on name', (ac) => ac.createRole(getterThrows(ROLE, 'name') as never)],
  ['createRole: a throwing getter on id', (ac) => ac.createRole(getterThrows(ROLE, 'id') as never)],
  ['deleteRole: a throwing getter on unassign', (ac) => ac.deleteRole('mine', getterThrows({}, 'unassign') as never)],
  ['updateRole: a throwing getter on the patch', (ac) => ac.updateRole('mine', getterThrows({}, 'name') as never)],
  [
    'duplicateRole: a throwing getter on id',
    (ac) => ac.duplicateRole('agent', getterThrows({ name: 'Copy' }, 'id') as never),
  ],
  ['setUser: a revoked Proxy as user', (ac) => ac.setUser(revoked(USER) as never)],
  ['setUser: a Proxy whose traps throw as user', (ac) => ac.setUser(trapsThrow(USER) as never)],
  ['setUser: a revoked Proxy as roles', (ac) => ac.setUser({ ...USER, roles: revoked(['agent']) } as never)],
  ['createRole: a revoked Proxy as role', (ac) => ac.createRole(revoked(ROLE) as never)],
  ['createRole: a Proxy whose traps throw as role', (ac) => ac.createRole(trapsThrow(ROLE) as never)],
  ['setUser: a revoked Proxy as options', (ac) => ac.setUser(USER, revoked({}) as never)],
  ['grantSeat: a Proxy whose traps throw as options', (ac) => ac.grantSeat('ben', trapsThrow({}) as never)],
  ['deleteRole: a revoked Proxy as options', (ac) => ac.deleteRole('mine', revoked({ unassign: true }) as never)],
  ['updateRole: a revoked Proxy as id', (ac) => ac.updateRole(revoked({}) as never, { name: 'X' })],
  ['grantSeat: a revoked Proxy as id', (ac) => ac.grantSeat(revoked({}) as never)],
  ['setUser: a symbol as id', (ac) => ac.setUser({ ...USER, id: Symbol('cy') } as never)],
  ['setUser: a number as user', (ac) => ac.setUser(7 as never)],
  ['setUser: an array as user', (ac) => ac.setUser([USER] as never)],
  ['setUser: a symbol as actor', (ac) => ac.setUser(USER, { actor: Symbol('admin') } as never)],
  ['setUser: a bigint as expectedVersion', (ac) => ac.setUser(USER, { expectedVersion: 0n } as never)],
  ['setUser: a huge list of roles', (ac) => ac.setUser({ ...USER, roles: ['agent', ...huge('r')] })],
  ['setUser: a huge list of queues', (ac) => ac.setUser({ ...USER, queues: huge('q') })],
  ['createRole: a huge list of permissions', (ac) => ac.createRole({ ...ROLE, permissions: huge('p') })],
  ['grantSeat: a symbol as id', (ac) => ac.grantSeat(Symbol('ben') as never)],
  ['setUsers: a revoked Proxy as the list', (ac) => ac.setUsers(revoked([USER]) as never)],
  ['setUsers: a throwing getter on a user', (ac) => ac.setUsers([USER, getterThrows(USER, 'roles') as never])],
  ['setUsers: a huge list', (ac) => ac.setUsers(huge('u').map((id) => ({ id, roles: [] })))],
  ['setUsers: a throwing getter on actor', (ac) => ac.setUsers([USER], getterThrows({}, 'actor') as never)],
  ['importUsers: a revoked Proxy as the source', (ac) => ac.importUsers(revoked([USER]) as never)],
  ['importUsers: a throwing getter on a user', (ac) => ac.importUsers([getterThrows(USER, 'id') as never])],
  [
    'importUsers: a throwing getter on batchSize',
    (ac) => ac.importUsers([USER], getterThrows({}, 'batchSize') as never),
  ],
  ['deleteRole: a number as id', (ac) => ac.deleteRole(5 as never)],
]
