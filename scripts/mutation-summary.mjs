// What docs/testing.md quotes of a Stryker run, from the JSON report scripts/mutation.sh writes:
// the code mutated, the test files run, and per file the counts and where each surviving or
// uncovered mutant is. Kept in bench/mutation-*.json, from which test/docs/figures.test.ts
// renders the score tables of docs/testing.md and checks that each survivor is classified there.
//
//   node scripts/mutation-summary.mjs [reports/mutation/mutation.json] > bench/mutation-<part>.json
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

const report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/mutation/mutation.json', 'utf8'))
const at = (m) => [m.location.start.line, m.location.start.column]
const files = {}
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const count = (status) => mutants.filter((m) => m.status === status).length
  const left = mutants
    .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
    .sort((a, b) => at(a)[0] - at(b)[0] || at(a)[1] - at(b)[1])
  files[file] = {
    mutants: mutants.length,
    killed: count('Killed'),
    timedOut: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    left: left.map((m) => `${at(m).join(':')} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (not covered)' : ''}`),
  }
}
const summary = {
  mutate: report.config?.mutate ?? [],
  tests: Object.keys(report.testFiles ?? {})
    .map((f) => relative(report.projectRoot ?? process.cwd(), f))
    .sort(),
  files,
}
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
