/**
 * Tools for tests: the store conformance suite `testStore(vitest, name, makeStore)`, which
 * holds any `PolicyStore` adapter to the same tests as the built-in stores, and the policy
 * tools of R31: `policyArbitraries`, `policyInvariants` and `assertPolicy`, which take the
 * caller's fast-check module. Importing this entry loads no test runner and no fast-check.
 *
 * @module seatguard/testing
 */
import { SeatguardError } from '../errors.js'
import { batchTests } from './_batch.js'
import { contractTests } from './_contract.js'
import { harness, type MakeStore } from './_harness.js'
import { queueTests } from './_queues.js'
import { roleTests } from './_roles.js'
import { ruleTests } from './_rules.js'
import { seatLimitTests } from './_seat-limit.js'
import { shutdownTests } from './_shutdown.js'
import { userTests } from './_users.js'
import { describe, type TestFunctions, use } from './_vitest.js'

export type { PolicyLike } from './_policy-like.js'
export {
  applyRoleEdit,
  type FastCheck,
  type PolicyArbitraries,
  type PolicyArbitrariesOptions,
  policyArbitraries,
  type RoleEdit,
} from './arbitraries.js'
export { type AssertPolicyOptions, assertPolicy, PolicyInvariantError } from './assert.js'
export { type InvariantSample, type PolicyInvariant, policyInvariants } from './invariants.js'
export type { MakeStore, TestFunctions }

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
 * batches of users (R38, with the store's batch methods and without them), hostile arguments (R29) and close with writes in flight (R28). Call it inside a vitest test
 * file and pass vitest itself first: the suite registers its tests with those functions, so
 * this entry never imports vitest. `makeStore` is called once per test, and each test uses
 * fresh tenant names, so one database can serve every test and every run.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import { createMemoryStore } from 'seatguard'
 * import { testStore } from 'seatguard/testing'
 * testStore(vitest, 'memory', () => createMemoryStore())
 * ```
 */
export function testStore(
  vitest: TestFunctions,
  name: string,
  makeStore: MakeStore,
  options: TestStoreOptions = {},
): void {
  const v = vitest as Partial<TestFunctions> | null
  if (
    typeof v !== 'object' ||
    v === null ||
    (['describe', 'it', 'expect', 'afterEach'] as const).some((k) => typeof v[k] !== 'function')
  )
    throw new SeatguardError(
      'data/invalid',
      "testStore: the first argument must be vitest (import * as vitest from 'vitest'), with describe, it, expect and afterEach.",
    )
  use(vitest)
  describe(`${name}: PolicyStore conformance`, () => {
    const h = harness(makeStore, options.tenantPrefix)
    contractTests(h)
    roleTests(h)
    userTests(h)
    queueTests(h)
    seatLimitTests(h)
    batchTests(h)
    ruleTests(h)
    shutdownTests(h)
  })
}
