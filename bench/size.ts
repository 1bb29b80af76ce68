/**
 * `npm run size`: measures every budget of .size-limit.json with size-limit (esbuild, then
 * gzip) on the built dist/, writes the measurement to bench/size.json, prints it, and exits 1
 * when a budget is exceeded. The guides quote bundle sizes from bench/size.json only, and
 * test/docs/figures.test.ts holds them to it; CI runs this and fails when the file it writes
 * differs from the one committed, so a size quoted in the docs is the size of that commit.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

/** One budget of .size-limit.json with what size-limit measured for it. */
export interface SizeCheck {
  readonly name: string
  readonly path: string
  readonly import: string
  /** The budget as written in .size-limit.json (`"1.2 KB"`), absent for a figure kept for information. */
  readonly limit?: string
  /** Minified and gzipped, in bytes (size-limit's kB is 1000 B). */
  readonly bytes: number
  readonly passed: boolean
}

/** What bench/size.json holds. */
export interface SizeResults {
  readonly tool: string
  readonly checks: readonly SizeCheck[]
}

interface Budget {
  readonly name: string
  readonly path: string
  readonly import: string
  readonly limit?: string
}

interface Measured {
  readonly name: string
  readonly size: number
  readonly passed?: boolean
}

function main(): void {
  const budgets = JSON.parse(readFileSync('.size-limit.json', 'utf8')) as Budget[]
  const version = (JSON.parse(readFileSync('node_modules/size-limit/package.json', 'utf8')) as { version: string })
    .version
  let out: string
  let failed = false
  try {
    out = execFileSync(process.execPath, ['node_modules/size-limit/bin.js', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
  } catch (error) {
    // size-limit exits 1 when a budget is exceeded and still prints its JSON.
    out = String((error as { stdout?: string }).stdout ?? '')
    failed = true
  }
  const measured = JSON.parse(out) as Measured[]
  const checks = budgets.map((budget): SizeCheck => {
    const m = measured.find((x) => x.name === budget.name)
    if (m === undefined) throw new Error(`size-limit measured no "${budget.name}"`)
    const { name, path, import: imported, limit } = budget
    return {
      name,
      path,
      import: imported,
      ...(limit === undefined ? {} : { limit }),
      bytes: m.size,
      passed: m.passed ?? true,
    }
  })
  const results: SizeResults = { tool: `size-limit ${version}`, checks }
  writeFileSync('bench/size.json', `${JSON.stringify(results, null, 2)}\n`)
  for (const c of checks) {
    const budget = c.limit === undefined ? '' : ` (budget ${c.limit}${c.passed ? '' : ': EXCEEDED'})`
    console.log(`${c.name}: ${c.bytes} B min+gz${budget}`)
  }
  console.log('wrote bench/size.json')
  if (failed || checks.some((c) => !c.passed)) process.exitCode = 1
}

main()
