import { describe, expect, it } from 'vitest'
import { comparePaths } from '../../src/cli/_findings.js'
import { policyFile, run } from './_run.js'

const F = 'p.json'
const pathsOf = async (users: readonly unknown[], roles: readonly unknown[] = []) => {
  const r = await run(['check', F, '--json'], { [F]: policyFile(users, roles) })
  return (JSON.parse(r.stdout) as { findings: { path: string }[] }).findings.map((f) => f.path)
}

// Twelve users: the problems of users 0, 2, 10 and 11 are found by different passes (shape, then assignment).
const users = [
  { id: 'u0', roles: ['agent', 'supervisor'], seat: true },
  { id: 'u1', roles: ['viewer'] },
  { id: 'u2', roles: ['viewer'], seat: true },
  ...Array.from({ length: 7 }, (_, i) => ({ id: `ok${i}`, roles: ['viewer'] })),
  { id: 'u10', roles: ['agnet'] },
  { id: 'u11', roles: ['viewer'], seats: true },
]
const roles = [
  { id: 'fine', name: 'Fine', permissions: [] },
  { id: 'Bad', name: 'Bad', permissions: [] },
]

describe('findings are sorted by path (issue 12, item 12)', () => {
  it('R3, R8, R10, R13: check lists findings by path, indices compared as numbers, whatever pass found them', async () => {
    expect(await pathsOf(users, roles)).toEqual([
      'roles[1].id',
      'users[0].roles',
      'users[2].seat',
      'users[10].roles[0]',
      'users[11].seats',
    ])
  })

  it('the text table has the same order', async () => {
    const r = await run(['check', F], { [F]: policyFile(users, roles) })
    const paths = r.stdout
      .split('\n')
      .slice(1)
      .filter((line) => /^(error|warning) /.test(line))
      .map((line) => line.split(/ +/)[1])
    expect(paths).toEqual(['roles[1].id', 'users[0].roles', 'users[2].seat', 'users[10].roles[0]', 'users[11].seats'])
  })

  it('the order depends on the paths alone: the same problems in another file order come out in path order', async () => {
    const reversed = await pathsOf([...users].reverse(), [...roles].reverse())
    expect(reversed).toEqual([...reversed].sort(comparePaths))
    expect(reversed[0]).toBe('roles[0].id')
  })

  it('comparePaths: numbers as numbers, a path before the paths inside it, keys in code-point order', () => {
    const sorted = ['users[10]', 'users[2].seat', 'users[2].roles[1]', 'roles[3]', 'users[2].roles', 'users[2]']
    expect(sorted.sort(comparePaths)).toEqual([
      'roles[3]',
      'users[2]',
      'users[2].roles',
      'users[2].roles[1]',
      'users[2].seat',
      'users[10]',
    ])
    expect(comparePaths('line 9', 'line 10')).toBeLessThan(0)
    expect(comparePaths('users[1]', 'users[1]')).toBe(0)
  })
})
