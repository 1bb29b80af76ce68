import { describe, expect, it } from 'vitest'
import { textTable } from '../../src/cli/_table.js'
import { displayWidth } from '../../src/cli/_width.js'
import { policyFile, run } from './_run.js'

/**
 * The test's own measure, written another way than the code's (by script, not by code-point
 * ranges): Han, kana and Hangul take two terminal columns, combining marks none, the rest one.
 */
const WIDE = /\p{scx=Han}|\p{scx=Hiragana}|\p{scx=Katakana}|\p{scx=Hangul}/u
const columns = (text: string): number =>
  [...text].reduce((w, ch) => w + (WIDE.test(ch) ? 2 : /\p{M}/u.test(ch) ? 0 : 1), 0)

/** The display column at which each cell of a table line starts (cells are two or more spaces apart). */
const cellStarts = (line: string): number[] =>
  [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => columns(line.slice(0, m.index)))

describe('tables align by display width (issue 12, item 12)', () => {
  it('displayWidth: wide East Asian characters count 2, combining marks 0, the rest 1', () => {
    expect(displayWidth('')).toBe(0)
    expect(displayWidth('ana.lopez')).toBe(9)
    expect(displayWidth('山田太郎')).toBe(8)
    expect(displayWidth('すずき')).toBe(6)
    expect(displayWidth('カタカナ')).toBe(8)
    expect(displayWidth('김민준')).toBe(6)
    expect(displayWidth('ＡＢ１')).toBe(6) // fullwidth forms
    expect(displayWidth('ｶﾀ')).toBe(2) // halfwidth katakana stay narrow
    expect(displayWidth('Jose\u0301')).toBe(4) // e + combining acute
    expect(displayWidth('Ελένη')).toBe(5)
    expect(displayWidth('a\u200bb')).toBe(2) // zero-width space
    expect(displayWidth('😀')).toBe(2)
    expect(displayWidth('山田 taro')).toBe(9)
  })

  it('every column starts at the same display column with 山田太郎 and ASCII names in one table', () => {
    const table = textTable(
      ['USER', 'LABEL', 'MODE'],
      [
        ['山田太郎', 'エージェント', 'full'],
        ['ana', 'Agent', 'viewer'],
        ['José', 'Visor', 'none'],
        ['김민준', 'x', 'full'],
      ],
    )
    const lines = table.trimEnd().split('\n')
    const starts = lines.map(cellStarts)
    for (const s of starts) expect(s).toEqual(starts[0])
    expect(starts[0]).toEqual([0, 10, 24])
  })

  it('R12: the seats table of a file with CJK and combining user ids lines up every column', async () => {
    const users = [
      { id: '山田太郎', roles: ['agent'], seat: true },
      { id: 'ana', roles: ['viewer'] },
      { id: 'Jose\u0301', roles: ['supervisor'], seat: true },
      { id: 'すずき', roles: ['viewer'], seat: true },
    ]
    const r = await run(['seats', 'p.json'], { 'p.json': policyFile(users) })
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n').slice(0, 1 + users.length)
    const starts = lines.map(cellStarts)
    expect(starts[0]?.length).toBe(7)
    for (const s of starts.slice(1)) expect(s.slice(0, 6)).toEqual(starts[0]?.slice(0, 6))
  })
})
