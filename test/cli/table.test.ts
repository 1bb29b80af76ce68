import { describe, expect, it } from 'vitest'
import { brief, keyPath } from '../../src/cli/_findings.js'
import { closest } from '../../src/cli/_suggest.js'
import { aligned, code, markdownTable, textTable } from '../../src/cli/_table.js'

describe('text and Markdown tables', () => {
  it('pads every column but the last to its widest cell, two spaces apart, no trailing spaces', () => {
    expect(
      textTable(
        ['A', 'LONG HEADER', 'C'],
        [
          ['wide cell', 'x', 'free text, not padded'],
          ['y', '', ''],
        ],
      ),
    ).toBe('A          LONG HEADER  C\nwide cell  x            free text, not padded\ny\n')
  })

  it('aligns rows of different lengths', () => {
    expect(
      aligned([
        ['key', 'value'],
        ['longer key', 'v'],
      ]),
    ).toBe('key         value\nlonger key  v\n')
  })

  it('escapes pipes in Markdown cells and code spans', () => {
    expect(markdownTable(['a|b', 'c'], [[code('x|y'), 'z']])).toBe('| a\\|b | c |\n| --- | --- |\n| `x\\|y` | z |\n')
  })
})

describe('JSON paths', () => {
  it('writes plain keys with a dot and others in brackets', () => {
    expect(keyPath('users[0]', 'seat')).toBe('users[0].seat')
    expect(keyPath('', 'users')).toBe('users')
    expect(keyPath('users[0]', 'e-mail')).toBe('users[0]["e-mail"]')
    expect(keyPath('', 'my key')).toBe('["my key"]')
  })

  it('quotes values in messages briefly', () => {
    expect(brief(undefined)).toBe('nothing')
    expect(brief('x')).toBe('"x"')
    expect(brief({ a: 'y'.repeat(100) })).toBe(`{"a":"${'y'.repeat(53)}…`)
    expect(brief({ a: 'y'.repeat(100) })).toHaveLength(60)
  })
})

describe('did-you-mean suggestions', () => {
  it('suggests a close id and nothing for a far one', () => {
    expect(closest('supervsior', ['agent', 'supervisor', 'viewer'])).toBe('supervisor')
    expect(closest('Agent', ['agent', 'viewer'])).toBe('agent')
    expect(closest('xyz', ['agent', 'supervisor'])).toBeUndefined()
    expect(closest('x', [])).toBeUndefined()
  })
})
