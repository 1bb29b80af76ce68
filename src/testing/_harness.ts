/*
 * Part of the published store conformance suite (seatguard/testing, R14–R18): these tests
 * run against every PolicyStore, ours and third-party adapters, so they live in src/ and
 * ship in the package. test/ holds the tests of this repository only.
 */
import { conversations } from '../catalogue/conversations.js'
import type { SeatguardError } from '../errors.js'
import { createAccessControl } from '../service/create.js'
import type { AccessControl } from '../service/types.js'
import type { PolicyStore } from '../store/types.js'
import { afterEach, expect } from './_vitest.js'

/** The built-in permission ids the suite writes and checks. */
export const ASSIGN = 'conversations/allow-assignment'
export const VIEW = 'contact-center/conversations/view'
export const REPORTS = 'conversations/analytics/reports'
export const SETUP_TAGS = 'conversations/setup/tags'

/**
 * Makes the store under test for `testStore`; called once per test (closed after it).
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'seatguard'
 * import type { MakeStore } from 'seatguard/testing'
 * const makeStore: MakeStore = () => createMemoryStore()
 * ```
 */
export type MakeStore = () => PolicyStore | Promise<PolicyStore>

/** What each group of conformance tests gets: the store, fresh tenant names, and services. */
export interface Harness {
  store(): Promise<PolicyStore>
  /** A tenant name no other test (or earlier run) uses. */
  tenant(): string
  service(options?: { tenant?: string; store?: PolicyStore }): Promise<AccessControl>
}

const RUN = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
let counter = 0

/** Builds the harness and closes what each test opened after it. */
export function harness(makeStore: MakeStore, prefix = `conformance-${RUN}-`): Harness {
  let store: Promise<PolicyStore> | undefined
  const services: AccessControl[] = []
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()))
    const s = store
    store = undefined
    if (s !== undefined) await (await s).close?.()
  })
  const h: Harness = {
    store: () => (store ??= Promise.resolve(makeStore())),
    tenant: () => `${prefix}${++counter}`,
    async service(options = {}) {
      const ac = await createAccessControl({
        catalogue: conversations,
        store: options.store ?? (await h.store()),
        tenant: options.tenant ?? h.tenant(),
        pollInterval: 0,
      })
      services.push(ac)
      return ac
    },
  }
  return h
}

/** Awaits a promise that must reject with a SeatguardError of `code`; returns the error. */
export async function refused(promise: Promise<unknown>, code: string): Promise<SeatguardError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err, `expected a rejection with ${code}`).toBeDefined()
  expect((err as SeatguardError).code).toBe(code)
  return err as SeatguardError
}

/** Everything a tenant holds, for "nothing changed" comparisons. */
export async function everything(store: PolicyStore, tenant: string): Promise<unknown> {
  return { state: await store.load(tenant), audit: await store.audit(tenant) }
}

/** Polls `check` until it holds or `ms` pass. */
export async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms
  for (;;) {
    if (await check()) return true
    if (Date.now() > end) return false
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
