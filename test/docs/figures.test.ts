import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { times } from '../../bench/_report.js'
import type { Results } from '../../bench/run.js'

// The README quotes the published benchmark run; this keeps every quoted figure equal to
// bench/results.json, so a new run cannot leave stale numbers in the README.
describe('README performance figures', () => {
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Results
  const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ')
  const of = (prefix: string) => {
    const found = results.contenders.find((c) => c.name.startsWith(prefix))
    if (found === undefined) throw new Error(`bench/results.json has no ${prefix}`)
    return found
  }
  const sg = of('seatguard')
  const casl = of('CASL')
  const floor = of('plain objects')

  it('quote the ratios and heap of the published run', () => {
    const quoted = [
      `by user id through \`createUserIndex\` is ${times(sg.modes.byId.opsPerSec / casl.modes.byId.opsPerSec)} CASL's check`,
      `holds ${sg.heapBytesPerUser.toFixed(0)} bytes per user against CASL's ${casl.heapBytesPerUser.toFixed(0)}.`,
      `\`can\` on plain user objects is ${times(sg.modes.prebuilt.opsPerSec / casl.modes.prebuilt.opsPerSec)} CASL there`,
      `at ${times(sg.modes.prebuilt.opsPerSec / floor.modes.prebuilt.opsPerSec)} of what a check with no library at all reaches`,
      `(${times(floor.modes.prebuilt.opsPerSec / casl.modes.prebuilt.opsPerSec)} CASL)`,
    ]
    for (const text of quoted) expect(readme).toContain(text)
  })

  it('quote the queue and impact figures of the published run', () => {
    const q = results.queues
    const roleEditMs = results.impact?.roleEditMs
    if (q === undefined || roleEditMs === undefined)
      throw new Error('bench/results.json has no queue or impact figures')
    const quoted = [
      `work item through the index cost ${times(q.itemlessOpsPerSec / q.itemOpsPerSec)} an item-less check`,
      `takes ${q.reachIndexNs.toFixed(0)} ns by id`,
      `the queue report over 100,000 users ${q.queueReportMs.toFixed(0)} ms`,
      `over 100,000 users takes ${roleEditMs.toFixed(0)} ms`,
    ]
    for (const text of quoted) expect(readme).toContain(text)
  })
})
