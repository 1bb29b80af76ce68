import { describe, expect, it } from 'vitest'
import { measure, median } from '../../bench/_measure.js'
import { prng } from '../../bench/_scenario.js'

// The benchmark's guard: every timed run is checked against the ground truth, so a model
// that decides differently (faster because it is wrong) aborts the run instead of reporting.
describe('bench/_measure', () => {
  const allowedBefore = Uint32Array.from({ length: 1001 }, (_, n) => Math.floor(n / 2)) // every other check allowed
  const options = { samples: 3, sampleMs: 2 }

  it('reports the median rate of a model that matches the ground truth', () => {
    const right = (n: number): number => Math.floor(n / 2)
    const timing = measure('right', right, allowedBefore, options)
    expect(timing.samples).toHaveLength(3)
    expect(timing.opsPerSec).toBe(median(timing.samples))
    expect(timing.opsPerSec).toBeGreaterThan(0)
  })

  it('throws, naming the model, when one run disagrees with the ground truth', () => {
    let runs = 0
    const wrongLater = (n: number): number => (++runs > 3 ? Math.floor(n / 2) + 1 : Math.floor(n / 2))
    expect(() => measure('wrong', wrongLater, allowedBefore, options)).toThrow(
      /^wrong: \d+ of the first \d+ checks allowed/,
    )
  })

  it('median of an even number of samples is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([5, 1, 3])).toBe(3)
  })

  it('the scenario PRNG is reproducible and stays in [0, 1)', () => {
    const a = prng(42)
    const b = prng(42)
    const xs = Array.from({ length: 1000 }, () => a())
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()))
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(new Set(xs).size).toBeGreaterThan(990)
  })
})
