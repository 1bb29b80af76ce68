import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface BundleSize {
  readonly name: string
  readonly import: string
  /** Minified and gzipped, in bytes, as size-limit (esbuild, gzip level 9) reports it; null if it does not bundle. */
  readonly bytes: number | null
  readonly note?: string
}

const require = createRequire(import.meta.url)

/** What a user bundles for the smallest useful import of each library. */
const ENTRIES: readonly { name: string; file: () => string; import: string; ignore?: string[] }[] = [
  { name: 'seatguard: `can` with the built-in catalogue', file: () => resolve('dist/index.js'), import: '{ can }' },
  {
    name: 'seatguard: `createPolicy` + `defineCatalogue`',
    file: () => resolve('dist/index.js'),
    import: '{ createPolicy, defineCatalogue }',
  },
  { name: 'seatguard: the whole root entry', file: () => resolve('dist/index.js'), import: '*' },
  {
    name: 'CASL: `createMongoAbility`',
    file: () => require.resolve('@casl/ability').replace(/cjs[/\\]index\.cjs$/, 'esm/index.mjs'),
    import: '{ createMongoAbility }',
  },
  { name: 'accesscontrol: `AccessControl`', file: () => require.resolve('accesscontrol'), import: '{ AccessControl }' },
  {
    name: 'casbin: `newEnforcer` (Node built-ins it imports left out)',
    file: () => require.resolve('casbin').replace(/cjs[/\\]index\.js$/, 'esm/index.mjs'),
    import: '{ newEnforcer }',
    ignore: ['fs', 'path', 'buffer', 'util', 'events', 'crypto'],
  },
]

/** Measures every entry with size-limit itself (one config per entry, so one failure does not hide the rest). */
export function measureSizes(): BundleSize[] {
  const dir = mkdtempSync(join(tmpdir(), 'seatguard-size-'))
  try {
    return ENTRIES.map((entry, i) => {
      const config = join(dir, `size-${i}.json`)
      writeFileSync(
        config,
        JSON.stringify([
          { name: entry.name, path: entry.file(), import: entry.import, ignore: entry.ignore, gzip: true },
        ]),
      )
      try {
        const out = execFileSync(
          process.execPath,
          [resolve('node_modules/size-limit/bin.js'), '--json', '--config', config],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        )
        const [result] = JSON.parse(out) as { size: number }[]
        return { name: entry.name, import: entry.import, bytes: result?.size ?? null }
      } catch (error) {
        const message =
          String((error as { stdout?: string }).stdout || (error as Error).message)
            .split('\n')
            .find((l) => l.trim()) ?? ''
        return { name: entry.name, import: entry.import, bytes: null, note: message.slice(0, 160) }
      }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
