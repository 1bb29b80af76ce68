import { defineConfig } from 'vitest/config'

// The vitest run behind scripts/mutation.sh: the fast in-process unit tests that exercise
// src/evaluate, src/policy and src/catalogue. Tests that only see dist/, start a child
// process, need PGlite or Postgres, or drive a browser are left out (see docs/testing.md), and so
// are the client guard's own tests: they test src/client, and one of their properties is random.
//
// SEATGUARD_MUTATION_TESTS (comma-separated paths or globs) narrows the run to the tests of one
// part, such as the queue and reach code. Stryker's own --testFiles must not be used for that:
// Stryker 10.1.1 then switches static mutants (module-level constants) on after the modules have
// loaded, so they survive whatever the tests hold.
const only = process.env.SEATGUARD_MUTATION_TESTS?.split(',').filter((t) => t !== '')

export default defineConfig({
  test: {
    include: only?.length
      ? only
      : [
          'test/evaluate/**/*.test.ts',
          'test/policy/**/*.test.ts',
          'test/catalogue/**/*.test.ts',
          'test/types/**/*.test.ts',
          'test/service/**/*.test.ts',
          'test/client/grant.test.ts',
        ],
    exclude: ['**/node_modules/**', 'test/**/*browser*', 'test/**/*dist*', 'test/postgres/**', 'test/cli/**'],
    typecheck: { enabled: false },
    hookTimeout: 60_000,
  },
})
