import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, createUserIndex, SeatguardError } from '../../src/index.js'

// docs/decisions.md: access() returns the same frozen object for every user with the same
// known roles and seat; seatReport refuses malformed users as data/invalid errors, and a users
// argument it cannot iterate as data/invalid with the original error as cause.
const policy = createPolicy(conversations)

describe('access values and seat report errors', () => {
  it('R7: every user with the same known roles and seat gets the same frozen access, also after other combinations', () => {
    const first = policy.access({ id: 'a', roles: ['agent'], seat: true })
    for (const roles of [['viewer'], ['setup'], ['analytics', 'agent'], ['supervisor'], []]) {
      policy.access({ id: 'x', roles, seat: true })
      policy.access({ id: 'x', roles })
    }
    const again = policy.access({ id: 'b', roles: ['agent', 'ghost', 'agent'], seat: true })
    expect(again).toBe(first)
    expect(Object.isFrozen(again)).toBe(true)
    expect(createUserIndex(policy, [{ id: 'c', roles: ['agent'], seat: true }]).access('c')).toBe(first)
  })

  it('R13: a function carrying user fields is not a user: denied, explained and checked as malformed', () => {
    const user = Object.assign(() => undefined, { id: 'fn', roles: ['agent'], seat: true })
    expect(policy.can(user as never, 'conversations/my-work/tags')).toBe(false)
    expect(policy.can(user as never, 'contact-center/conversations/view')).toBe(false)
    expect(policy.explain(user as never, 'conversations/my-work/tags').reason).toBe('invalid-user')
    expect(policy.check(user as never)).toEqual([
      {
        code: 'data/invalid',
        severity: 'error',
        message: 'The user is malformed (a user must be an object); fix the user record.',
      },
    ])
  })

  it('R10: malformed users in a seat report are data/invalid errors, each named by position', () => {
    let caught: unknown
    try {
      policy.seatReport([
        { id: 'ok', roles: [] },
        { id: '', roles: [] },
      ])
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(SeatguardError)
    expect((caught as SeatguardError).problems).toEqual([
      {
        code: 'data/invalid',
        severity: 'error',
        message: 'Seat report: user #1 is malformed ("id" must be a non-empty string)',
      },
    ])
  })

  it('R10: a users argument that cannot be iterated says what to pass and keeps the error as cause', () => {
    const boom = new Error('boom')
    let caught: unknown
    try {
      policy.seatReport({
        [Symbol.iterator]: () => {
          throw boom
        },
      } as never)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(SeatguardError)
    expect(caught).toMatchObject({
      code: 'data/invalid',
      message:
        'Seat report: pass an iterable of users (an array, a Set, a generator); iterating the value given failed.',
    })
    expect((caught as SeatguardError).cause).toBe(boom)
  })
})
