import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, SeatguardError } from '../../src/index.js'

const policy = createPolicy(conversations)
  .duplicateRole('agent', { id: 'agent-lite', name: 'Agent lite' })
  .createRole({ id: 'empty', name: 'Empty', permissions: [] })

describe('seats', () => {
  it('R10: needsSeat when a seat-requiring permission would be effective with a seat; consumesSeat exactly when one is held', () => {
    expect(policy.access({ id: 'a', roles: ['agent'] })).toMatchObject({ needsSeat: true, consumesSeat: false })
    expect(policy.access({ id: 'a', roles: ['agent'], seat: true })).toMatchObject({
      needsSeat: true,
      consumesSeat: true,
    })
    expect(policy.access({ id: 'v', roles: ['viewer'] })).toMatchObject({ needsSeat: false, consumesSeat: false })
    expect(policy.access({ id: 'v', roles: ['viewer'], seat: true })).toMatchObject({
      needsSeat: false,
      consumesSeat: true,
    })
    expect(policy.access({ id: 'n', roles: [], seat: true })).toMatchObject({
      needsSeat: false,
      consumesSeat: true,
      mode: 'none',
    })
  })

  it('R10: a role whose paid permissions all lack their prerequisite does not need a seat', () => {
    const p = policy.createRole({
      id: 'dl',
      name: 'Download only',
      permissions: ['conversations/my-work/download-conversation'],
    })
    expect(p.access({ id: 'd', roles: ['dl'] }).needsSeat).toBe(false)
    expect(p.access({ id: 'd', roles: ['dl', 'viewer'] }).needsSeat).toBe(true)
  })

  it('R11: viewers never count toward capacity; full users count with a capacity permission', () => {
    expect(policy.access({ id: 'a', roles: ['agent'], seat: true }).countsTowardCapacity).toBe(true)
    expect(policy.access({ id: 's', roles: ['supervisor'], seat: true }).countsTowardCapacity).toBe(true)
    expect(policy.access({ id: 'a', roles: ['agent'] }).countsTowardCapacity).toBe(false)
    expect(policy.access({ id: 'x', roles: ['setup', 'analytics'], seat: true }).countsTowardCapacity).toBe(false)
    expect(policy.access({ id: 'v', roles: ['viewer'], seat: true }).countsTowardCapacity).toBe(false)
  })

  it('R12: labels list default role names in catalogue order, or "No default role" beside a non-empty custom role', () => {
    const rows = policy.seatReport([
      { id: 'a', roles: ['viewer', 'analytics', 'setup'], seat: true },
      { id: 'b', roles: ['agent-lite', 'analytics'], seat: true },
      { id: 'c', roles: ['empty', 'viewer'] },
      { id: 'd', roles: [] },
      { id: 'e', roles: ['ghost', 'supervisor'], seat: true },
    ]).rows
    expect(rows.map((r) => [r.userId, r.label])).toEqual([
      ['a', 'Conversations setup, Analytics for Conversations, Viewer for Conversations'],
      ['b', 'No default role'],
      ['c', 'Viewer for Conversations'],
      ['d', ''],
      ['e', 'Supervisor for Conversations'],
    ])
  })

  it('R10/R11: the seat report flags missing and unused seats and totals them', () => {
    const report = policy.seatReport([
      { id: 'agent-ok', roles: ['agent'], seat: true },
      { id: 'agent-no-seat', roles: ['agent'] },
      { id: 'viewer-seat', roles: ['viewer'], seat: true },
      { id: 'viewer', roles: ['viewer'] },
      { id: 'setup', roles: ['setup'], seat: true },
    ])
    expect(
      report.rows.map((r) => [r.userId, r.mode, r.consumesSeat, r.needsSeat, r.countsTowardCapacity, r.flags]),
    ).toEqual([
      ['agent-ok', 'full', true, true, true, []],
      ['agent-no-seat', 'viewer', false, true, false, ['seat-missing']],
      ['viewer-seat', 'viewer', true, false, false, ['seat-unused']],
      ['viewer', 'viewer', false, false, false, []],
      ['setup', 'full', true, true, false, []],
    ])
    expect(report.totals).toEqual({ users: 5, seatsUsed: 3, seatsNeeded: 3, viewers: 3, seatMissing: 1, seatUnused: 1 })
  })

  it('accepts any iterable and reports nothing for no users', () => {
    function* gen() {
      yield { id: 'a', roles: ['agent'], seat: true }
    }
    expect(policy.seatReport(gen()).totals.users).toBe(1)
    expect(policy.seatReport([])).toEqual({
      rows: [],
      totals: { users: 0, seatsUsed: 0, seatsNeeded: 0, viewers: 0, seatMissing: 0, seatUnused: 0 },
    })
  })

  it('refuses a users argument that is not iterable, or whose iteration throws, as data/invalid', () => {
    const broken = {
      [Symbol.iterator]: () => {
        throw new Error('boom')
      },
    }
    for (const users of [null, undefined, 42, { id: 'a', roles: [] }, broken]) {
      expect(() => policy.seatReport(users as never)).toThrow(SeatguardError)
      expect(() => policy.seatReport(users as never)).toThrow(expect.objectContaining({ code: 'data/invalid' }))
    }
  })

  it('refuses malformed users as data/invalid, naming every one, before building any row', () => {
    try {
      policy.seatReport([{ id: 'a', roles: ['agent'] }, null, { id: 'b', roles: 'agent' }] as never)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(SeatguardError)
      expect(err).toMatchObject({ code: 'data/invalid' })
      expect((err as SeatguardError).problems.map((p) => p.message)).toEqual([
        expect.stringContaining('user #1'),
        expect.stringContaining('user #2'),
      ])
    }
  })
})
