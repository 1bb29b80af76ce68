import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

// The client entry's budget: 2 KB minified and gzipped, in size-limit's units (1 kB = 1000 B);
// raised from 1 KB for item checks (R21, R22, R25), then from 1.2 KB for describeDecision, the display names (R35),
// the live guard and the catalogue version rule (R36), see docs/frontend.md.
// size-limit checks the built file in CI; this checks the source on every test run, with the
// same bundler, so a change that blows the budget fails next to the code that caused it.
const BUDGET = 2000
const root = new URL('../..', import.meta.url).pathname

async function bundle(): Promise<{ bytes: Uint8Array; inputs: string[] }> {
  const result = await build({
    entryPoints: [`${root}src/client/index.ts`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    absWorkingDir: root,
  })
  return {
    bytes: result.outputFiles[0]?.contents ?? new Uint8Array(),
    inputs: Object.keys(result.metafile.inputs).sort(),
  }
}

describe('seatguard/client size', () => {
  it(`stays within ${BUDGET} B minified and gzipped`, async () => {
    const { bytes } = await bundle()
    const gzipped = gzipSync(bytes, { level: 9 }).length
    expect(bytes.length).toBeGreaterThan(500) // a real bundle, not an empty one
    expect(gzipped).toBeLessThanOrEqual(BUDGET)
  })

  it('imports nothing from the core: only the client, the grant format and the wording are bundled', async () => {
    const { inputs } = await bundle()
    expect(inputs).toEqual([
      'src/client/_read.ts',
      'src/client/error.ts',
      'src/client/guard.ts',
      'src/client/index.ts',
      'src/grant/describe.ts',
      'src/grant/format.ts',
    ])
  })

  it('R36: the budget docs/frontend.md and the README state is the one .size-limit.json holds', () => {
    const checks = JSON.parse(readFileSync(`${root}.size-limit.json`, 'utf8')) as { path: string; limit?: string }[]
    const limit = checks.find((c) => c.path === 'dist/client.js')?.limit
    expect(limit).toBe(`${BUDGET / 1000} KB`)
    const text = (file: string) => readFileSync(`${root}${file}`, 'utf8').replace(/\s+/g, ' ')
    expect(text('docs/frontend.md')).toContain(`The budget is **${limit}**`)
    expect(text('docs/frontend.md')).toContain(`(from \`seatguard/client\`, under ${limit} minified and gzipped)`)
    expect(text('README.md')).toContain(`\`seatguard/client\` (under ${limit} min+gz)`)
  })
})
