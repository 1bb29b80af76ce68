/**
 * The store conformance suite: `testStore(name, makeStore)` holds any `PolicyStore`
 * adapter to the same tests as the built-in stores (runs under vitest).
 *
 * @module seatguard/testing
 */
import { describe } from 'vitest'
import { contractTests } from './_contract.js'
import { harness, type MakeStore } from './_harness.js'
import { queueTests } from './_queues.js'
import { roleTests } from './_roles.js'
import { ruleTests } from './_rules.js'
import { seatLimitTests } from './_seat-limit.js'
import { shutdownTests } from './_shutdown.js'
import { userTests } from './_users.js'

export type { MakeStore }

/**
 * Options of {@link testStore}: `tenantPrefix` starts every tenant name the suite uses
 * (default `conformance-<random>-`), so a test file can delete exactly its own data afterwards.
 *
 * @example
 * ```ts
 * import type { TestStoreOptions } from 'seatguard/testing'
 * const options: TestStoreOptions = { tenantPrefix: `ci-${Date.now()}-` }
 * ```
 */
export interface TestStoreOptions {
  /** Starts every tenant name the suite uses (default `conformance-<random>-`). */
  readonly tenantPrefix?: string
}

/**
 * The conformance suite every `PolicyStore` must pass: the store contract itself
 * (atomic, serialised transactions per tenant, audit numbering, isolation, the change
 * feed) and every write of the service over it (R14–R18), including the tenant's stored seat
 * limit under racing grants from several services (R15), the users' queue memberships (R25),
 * hostile arguments (R29) and close with writes in flight (R28). Call it inside a vitest test file; `makeStore` is called once per test, and
 * each test uses fresh tenant names, so one database can serve every test and every run.
 * This entry imports `vitest`: install it as a dev dependency to use it.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'seatguard'
 * import { testStore } from 'seatguard/testing'
 * testStore('memory', () => createMemoryStore())
 * ```
 */
export function testStore(name: string, makeStore: MakeStore, options: TestStoreOptions = {}): void {
  describe(`${name}: PolicyStore conformance`, () => {
    const h = harness(makeStore, options.tenantPrefix)
    contractTests(h)
    roleTests(h)
    userTests(h)
    queueTests(h)
    seatLimitTests(h)
    ruleTests(h)
    shutdownTests(h)
  })
}
