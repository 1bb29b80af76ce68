/*
 * The test functions the store suite registers its tests with. They are the caller's, passed
 * to testStore, so importing seatguard/testing loads no test runner (R31).
 */
import type * as Vitest from 'vitest'

/**
 * The vitest functions {@link testStore} registers its tests with: pass the module itself
 * (`import * as vitest from 'vitest'`).
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import type { TestFunctions } from 'seatguard/testing'
 * const functions: TestFunctions = vitest
 * ```
 */
export interface TestFunctions {
  /** Groups tests. */
  readonly describe: (name: string, fn: () => void) => unknown
  /** Registers one test, with an optional timeout in milliseconds. */
  readonly it: (name: string, fn: () => Promise<void> | void, timeout?: number) => unknown
  /** vitest's `expect`. */
  readonly expect: (actual: unknown, message?: string) => unknown
  /** Runs after each test. */
  readonly afterEach: (fn: () => Promise<void> | void) => unknown
}

// Live bindings, set by `use` before the suite registers anything; every suite file reads these.
export let describe: typeof Vitest.describe
export let it: typeof Vitest.it
export let expect: typeof Vitest.expect
export let afterEach: typeof Vitest.afterEach

/** Makes the suite register with the caller's test functions. */
export function use(functions: TestFunctions): void {
  const f = functions as unknown as typeof Vitest
  describe = f.describe
  it = f.it
  expect = f.expect
  afterEach = f.afterEach
}
