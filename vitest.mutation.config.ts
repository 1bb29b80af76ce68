import { defineConfig } from 'vitest/config'

// The vitest run behind scripts/mutation.sh: the fast in-process unit tests that exercise
// src/evaluate, src/policy and src/catalogue. Tests that only see dist/, start a child
// process, need PGlite or Postgres, or drive a browser are left out (see docs/testing.md), and so
// are the client guard's own tests: they test src/client, and one of their properties is random.
export default defineConfig({
  test: {
    include: [
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
