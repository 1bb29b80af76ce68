import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', client: 'src/client/index.ts' },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  target: 'es2022',
  platform: 'neutral',
  clean: true,
  sourcemap: false,
  splitting: false,
  treeshake: true,
})
