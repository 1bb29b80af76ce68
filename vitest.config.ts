import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    hookTimeout: 60_000,
    // Timeouts catch hangs, never slowness: property tests and the packed-package tests run for
    // seconds, and this 2-core machine is shared, so the 5 s default failed them under load.
    testTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
