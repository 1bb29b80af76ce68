/**
 * What many test files share: the built-in permission ids by short name, and the helpers
 * that catch a refusal and return its code or problems. Import from here instead of
 * declaring them again.
 */
import { expect } from 'vitest'
import {
  conversations,
  createAccessControl,
  createMemoryStore,
  defineCatalogue,
  type PolicyStore,
  SeatguardError,
} from '../src/index.js'

export const VIEW = 'contact-center/conversations/view'
export const WORK = 'contact-center/conversations/work-assigned'
export const MANAGE = 'contact-center/conversations/manage-all'
export const ASSIGN = 'conversations/allow-assignment'
export const DOWNLOAD = 'conversations/my-work/download-conversation'
export const TRANSFER = 'conversations/my-work/transfer'
export const NOTES = 'conversations/my-work/internal-notes'
export const TAGS = 'conversations/my-work/tags'
export const RECORDINGS = 'conversations/my-work/recordings'
export const MONITOR = 'conversations/supervision/live-monitoring'
export const ROUTING = 'conversations/setup/routing'
export const SETUP_TAGS = 'conversations/setup/tags'
export const REPORTS = 'conversations/analytics/reports'

/** A catalogue without prerequisites (so can reads one bitset word per role): one seat-free permission, two paid. */
export const flat = defineCatalogue({
  id: 'flat',
  name: 'Flat',
  version: '1',
  permissions: {
    view: { name: 'View', description: 'Views.', group: 'g', seat: false },
    edit: { name: 'Edit', description: 'Edits.', group: 'g' },
    admin: { name: 'Admin', description: 'Administers.', group: 'g' },
  },
  roles: {
    viewer: { name: 'Viewer', permissions: ['view'] },
    editor: { name: 'Editor', permissions: ['view', 'edit'] },
  },
})

/** The error `fn` throws, which must be a SeatguardError; fails the test when `fn` returns. */
export function errorOf(fn: () => unknown): SeatguardError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(SeatguardError)
    return err as SeatguardError
  }
  throw new Error('expected a SeatguardError')
}

/** The code of the SeatguardError `fn` throws; fails the test when `fn` returns. */
export const codeOf = (fn: () => unknown): string => errorOf(fn).code

/** The SeatguardError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function refusalOf(promise: Promise<unknown>): Promise<SeatguardError> {
  const err = await promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`)
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(SeatguardError)
  return err as SeatguardError
}

/** The code of the SeatguardError `promise` rejects with; fails the test when it resolves. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(SeatguardError)
    return (err as SeatguardError).code
  }
  throw new Error('expected a SeatguardError')
}

/** The messages of a catalogue definition's problems; fails the test unless it is refused with catalogue/invalid. */
export function catalogueProblems(definition: unknown): string[] {
  const err = errorOf(() => defineCatalogue(definition as never))
  expect(err.code).toBe('catalogue/invalid')
  expect(err.problems.every((p) => p.code === 'catalogue/invalid')).toBe(true)
  return err.problems.map((p) => p.message)
}

/** A service on the built-in catalogue for tenant `acme`. */
export const openService = (store: PolicyStore, extra: Record<string, unknown> = {}) =>
  createAccessControl({ catalogue: conversations, store, tenant: 'acme', ...extra })

/** The store without its change feed: a service on it learns only by polling or refresh(). */
export const deaf = (store: PolicyStore): PolicyStore => ({
  load: (t) => store.load(t),
  audit: (t, q) => store.audit(t, q),
  transaction: (t, w) => store.transaction(t, w),
})

/**
 * Two services on one memory store, catalogue versions apart: `newer` knows `tickets/edit`,
 * `older` (deaf, so it learns only when it catches up) does not. Seeded with ana (reader) and
 * the role `editor`, which `older` cannot compile.
 */
export async function newerAndOlder() {
  const define = (permissions: string[]) =>
    defineCatalogue({
      id: 'helpdesk',
      name: 'Helpdesk',
      version: String(permissions.length),
      permissions: Object.fromEntries(
        permissions.map((p) => [p, { name: p, description: `Lets a user ${p}.`, group: 'basic', seat: false }]),
      ),
      roles: { reader: { name: 'Reader', permissions: ['tickets/view'] } },
    })
  const shared = createMemoryStore()
  const options = { tenant: 'acme', pollInterval: 0 }
  const newer = await createAccessControl({
    catalogue: define(['tickets/view', 'tickets/edit']),
    store: shared,
    ...options,
  })
  const older = await createAccessControl({ catalogue: define(['tickets/view']), store: deaf(shared), ...options })
  await newer.setUser({ id: 'ana', roles: ['reader'] })
  await newer.createRole({ id: 'editor', name: 'Editor', permissions: ['tickets/edit'] })
  return { shared, newer, older }
}

/**
 * A service one entry behind its store (another service wrote `theirs`), on a store whose
 * audit reads fail while `down` is set: its commits land, the catch-up after them fails (R26).
 */
export async function behindAndFlaky() {
  const store = createMemoryStore()
  const open = (s: PolicyStore) =>
    createAccessControl({ catalogue: conversations, store: s, tenant: 'acme', pollInterval: 0 })
  const other = await open(store)
  const state = { down: false }
  const flaky: PolicyStore = {
    ...deaf(store),
    audit: (t, q) => (state.down ? Promise.reject(new SeatguardError('store/unavailable', 'gone')) : store.audit(t, q)),
  }
  const ac = await open(flaky)
  await other.setUser({ id: 'theirs', roles: ['viewer'] })
  return { store, other, ac, state }
}
