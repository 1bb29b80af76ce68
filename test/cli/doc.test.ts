import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { consoleBlocks, DOC, refreshed, shellWords } from './_doc.js'
import { run } from './_run.js'

describe('docs/cli.md shows real output', () => {
  const doc = readFileSync(DOC, 'utf8')
  const blocks = consoleBlocks(doc)

  it('has an example of every command, --help and an error', async () => {
    const firsts = blocks.map((b) => b.argv[0])
    for (const command of ['check', 'explain', 'seats', 'queues', 'catalogue', '--help', '--version'])
      expect(firsts).toContain(command)
    expect(blocks.some((b) => b.code === 2)).toBe(true)
  })

  it('every `$ seatguard …` block prints what the CLI prints today, with its exit code (refresh: npx tsx test/cli/_doc.ts --write)', async () => {
    for (const block of blocks) {
      const r = await run(block.argv)
      expect(`${r.stdout}${r.stderr}`, `${DOC}:${block.line}: seatguard ${block.argv.join(' ')}`).toBe(block.output)
      expect(r.code, `${DOC}:${block.line}: exit code of seatguard ${block.argv.join(' ')}`).toBe(block.code)
    }
  })

  it('the checker itself: changed output is noticed', async () => {
    const stale = '```console\n$ seatguard --version\n0.0.0-stale\n$ echo $?\n0\n```\n'
    const [block] = consoleBlocks(stale)
    expect(block?.output).toBe('0.0.0-stale\n')
    expect(await refreshed(stale)).not.toBe(stale)
    expect(await refreshed(stale)).toBe(
      `\`\`\`console\n$ seatguard --version\n${(await run(['--version'])).stdout}$ echo $?\n0\n\`\`\`\n`,
    )
    expect(shellWords(`explain f.json -u 'a b' -p "c"`)).toEqual(['explain', 'f.json', '-u', 'a b', '-p', 'c'])
  })
})
