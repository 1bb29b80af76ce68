import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  conversations,
  createPolicy,
  type Decision,
  type DecisionReason,
  type DecisionWords,
  describeDecision,
  type User,
} from '../../src/index.js'
import { DECISION_REASONS } from '../../src/model/reason.js'
import { ASSIGN, TRANSFER, VIEW, WORK } from '../_fixtures.js'

const policy = createPolicy(conversations).createRole({ id: 'assigner', name: 'Assigner', permissions: [ASSIGN] })
const ana: User = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }

/** One real decision of the built-in catalogue for each reason. */
const SAMPLES: Record<DecisionReason, Decision> = {
  granted: policy.explain(ana, TRANSFER),
  'unknown-permission': policy.explain(ana, 'conversations/nope' as string),
  'invalid-user': policy.explain({ id: '', roles: ['agent'] }, TRANSFER),
  'invalid-item': policy.explain(ana, TRANSFER, { queue: '' }),
  'not-granted': policy.explain({ id: 'vic', roles: ['viewer'] }, TRANSFER),
  'no-seat': policy.explain({ id: 'ben', roles: ['agent'] }, TRANSFER),
  'missing-prerequisite': policy.explain({ id: 'asa', roles: ['assigner'], seat: true }, ASSIGN),
  'out-of-reach': policy.explain(ana, TRANSFER, { queue: 'sales' }),
}

/** Advice only an administrator can follow: it must never reach the user. */
const ADMIN_ADVICE =
  /grant them|give them|grant the user|give the user|add the user|assign it to them|fix the|check the id/i

describe('describeDecision (R35)', () => {
  it('R35: the samples cover every reason of a decision', () => {
    for (const reason of DECISION_REASONS) expect(SAMPLES[reason].reason).toBe(reason)
  })

  it('R35: a decision carries the display name, absent for an unknown permission, and the missing prerequisites by name', () => {
    for (const reason of DECISION_REASONS) {
      const expected = reason === 'unknown-permission' ? undefined : 'Transfer conversations'
      if (reason !== 'missing-prerequisite') expect(SAMPLES[reason].name).toBe(expected)
    }
    expect(SAMPLES['missing-prerequisite']).toMatchObject({
      name: 'Assign conversations',
      missing: [VIEW, WORK, 'contact-center/conversations/manage-all'],
      missingNames: ['View conversations', 'Work on assigned conversations', 'Manage all conversations'],
    })
    expect(SAMPLES['not-granted'].missingNames).toBeUndefined()
  })

  it('R35: every reason words for the user with the display name and never with advice only an administrator can follow', () => {
    for (const reason of DECISION_REASONS) {
      const d = SAMPLES[reason]
      const text = describeDecision(d, { audience: 'user' })
      expect(text, reason).toContain(d.name ?? d.permission)
      expect(text, reason).not.toMatch(ADMIN_ADVICE)
      expect(text, reason).not.toContain(d.message) // not the administrator's sentence
      if (reason !== 'unknown-permission') expect(text, reason).not.toContain(d.permission) // the name, not the id
    }
    expect(describeDecision(SAMPLES['no-seat'], { audience: 'user' })).toBe(
      "Transfer conversations isn't available to you: you have no seat. Ask your administrator.",
    )
    expect(describeDecision(SAMPLES.granted, { audience: 'user' })).toBe('Transfer conversations is available to you.')
  })

  it('R35: every reason words for an administrator with the display name and the id, and a denial says what to change', () => {
    const advice: Partial<Record<DecisionReason, RegExp>> = {
      'unknown-permission': /check the id/,
      'invalid-user': /fix the malformed user record/,
      'invalid-item': /fix the malformed work item/,
      'not-granted': /give the user a role that includes it/,
      'no-seat': /grant the user a seat/,
      'missing-prerequisite': /give the user a role with one of its prerequisites/,
      'out-of-reach': /add the user to the item's queue or assign it to them/,
    }
    for (const reason of DECISION_REASONS) {
      const d = SAMPLES[reason]
      const text = describeDecision(d, { audience: 'admin' })
      expect(text, reason).toContain(d.name === undefined ? d.permission : `${d.name} (${d.permission})`)
      if (advice[reason]) expect(text, reason).toMatch(advice[reason])
    }
    const sentences = DECISION_REASONS.map((r) => describeDecision(SAMPLES[r], { audience: 'admin' }))
    expect(new Set(sentences).size).toBe(DECISION_REASONS.length) // one sentence per reason
  })

  it('R35: an application words a reason its own way, with a string or a function of the words', () => {
    const d = SAMPLES['no-seat']
    expect(describeDecision(d, { audience: 'user', messages: { 'no-seat': 'Bitte eine Lizenz anfragen.' } })).toBe(
      'Bitte eine Lizenz anfragen.',
    )
    let seen: DecisionWords | undefined
    const text = describeDecision(d, {
      audience: 'user',
      messages: {
        'no-seat': (w) => {
          seen = w
          return `Keine Lizenz für ${w.name}`
        },
      },
    })
    expect(text).toBe('Keine Lizenz für Transfer conversations')
    expect(seen).toEqual({
      permission: TRANSFER,
      name: 'Transfer conversations',
      reason: 'no-seat',
      audience: 'user',
      missing: [],
      text: describeDecision(d, { audience: 'user' }),
    })
  })

  it('R35: the words carry the missing prerequisites by name, the reach of an out-of-reach decision and the audience', () => {
    const words = (d: Decision, audience: 'user' | 'admin'): DecisionWords => {
      let out: DecisionWords | undefined
      const keep = (w: DecisionWords): string => {
        out = w
        return w.text
      }
      describeDecision(d, { audience, messages: { [d.reason]: keep } })
      if (out === undefined) throw new Error('the message function was not called')
      return out
    }
    expect(words(SAMPLES['missing-prerequisite'], 'admin')).toMatchObject({
      audience: 'admin',
      missing: ['View conversations', 'Work on assigned conversations', 'Manage all conversations'],
    })
    expect(words(SAMPLES['out-of-reach'], 'user').reach).toEqual({ kind: 'some', queues: ['billing'], assignee: 'ana' })
    expect(words(SAMPLES['unknown-permission'], 'user')).toMatchObject({ name: 'conversations/nope', missing: [] })
  })

  it('R35: a reason without an entry keeps the default sentence; the audience picks the default', () => {
    const messages = { 'not-granted': 'Nicht erlaubt.' }
    for (const audience of ['user', 'admin'] as const) {
      const d = SAMPLES['no-seat']
      expect(describeDecision(d, { audience, messages })).toBe(describeDecision(d, { audience }))
    }
    expect(describeDecision(SAMPLES['no-seat'], { audience: 'user' })).not.toBe(
      describeDecision(SAMPLES['no-seat'], { audience: 'admin' }),
    )
  })

  it('R13, R35: hostile options never throw: each falls back to the default sentence, and an odd audience is the user', () => {
    const d = SAMPLES['no-seat']
    const plain = describeDecision(d, { audience: 'user' })
    const throwing = Object.defineProperty({}, 'no-seat', {
      get() {
        throw new Error('getter')
      },
    })
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    const odd: unknown[] = [
      undefined,
      null,
      42,
      'no-seat',
      { audience: 'root' },
      { audience: 'user', messages: throwing },
      { audience: 'user', messages: revoked.proxy },
      { audience: 'user', messages: 42 },
      { audience: 'user', messages: { 'no-seat': 42 } },
      { audience: 'user', messages: { 'no-seat': null } },
      { audience: 'user', messages: { 'no-seat': { text: 'x' } } },
      { audience: 'user', messages: { 'no-seat': () => 42 } },
      {
        audience: 'user',
        messages: {
          'no-seat': () => {
            throw new Error('app bug')
          },
        },
      },
      new Proxy(
        {},
        {
          get() {
            throw new Error('options')
          },
        },
      ),
    ]
    for (const [i, options] of odd.entries()) expect(describeDecision(d, options as never), `option ${i}`).toBe(plain)
  })

  it('R13, R35: a hostile decision never throws either; a reason it does not know gets no application wording', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('decision')
        },
      },
    )
    const messages = { constructor: 'x', 'no-seat': 'y' } as never
    for (const d of [hostile, null, undefined, 42, { permission: Symbol('p'), reason: 'no-seat' }]) {
      expect(typeof describeDecision(d as never, { audience: 'user', messages })).toBe('string')
    }
    for (const reason of ['constructor', '__proto__', 'toString', 'later-reason']) {
      const d = { permission: TRANSFER, name: 'Transfer conversations', reason } as never
      expect(describeDecision(d, { audience: 'user', messages })).toBe('Transfer conversations is denied.')
    }
  })

  it('R35: the table of default sentences in docs/frontend.md is what describeDecision says', () => {
    const rows = readFileSync('docs/frontend.md', 'utf8')
      .split('\n')
      .map((line) => /^\| `([a-z-]+)` \| (.+) \| (.+) \|$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && (DECISION_REASONS as readonly string[]).includes(m[1] ?? ''))
    expect(rows.map((m) => m[1]).sort()).toEqual([...DECISION_REASONS].sort())
    const plain = (cell: string | undefined): string =>
      (cell ?? '').replaceAll('*Name*', 'Name').replaceAll('*id*', 'id')
    for (const [, reason, user, admin] of rows) {
      const d = {
        permission: 'id',
        reason: reason as DecisionReason,
        ...(reason === 'unknown-permission' ? {} : { name: 'Name' }),
      }
      expect(describeDecision(d, { audience: 'user' }), reason).toBe(plain(user))
      expect(describeDecision(d, { audience: 'admin' }), reason).toBe(plain(admin))
    }
  })
})
