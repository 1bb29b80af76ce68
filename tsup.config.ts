import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      client: 'src/client/index.ts',
      postgres: 'src/postgres/index.ts',
      testing: 'src/testing/index.ts',
    },
    // seatguard/testing names the types of vitest and fast-check, the consumer's dev dependencies
    // (it loads neither: the caller passes them in). Never bundle them, not even their types.
    external: ['vitest', 'fast-check'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    target: 'es2022',
    platform: 'neutral',
    // cli.js comes from the second build, which runs at the same time: keep it.
    clean: ['!cli.js'],
    sourcemap: false,
    // One copy of the core shared by every entry, in ESM and in CJS (tsup turns esbuild's ESM
    // chunks into CJS ones), so SeatguardError is one class across the entries of a format.
    splitting: true,
    treeshake: true,
  },
  {
    // The `seatguard` bin (src/cli): Node-only ESM; tsup keeps the shebang and marks the file executable.
    entry: { cli: 'src/cli/index.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    clean: false,
    sourcemap: false,
    splitting: false,
    treeshake: true,
  },
])
