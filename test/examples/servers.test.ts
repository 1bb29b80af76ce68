import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversationById, createDemoTenant, TRANSFER, VIEW } from '../../examples/demo-tenant.js'
import { createApp } from '../../examples/express.js'
import { createHttpServer } from '../../examples/node-http.js'
import { type AccessControl, describeDecision, SeatguardError, type WorkItem } from '../../src/index.js'

// Each example's server on 127.0.0.1, on a port the OS picks, called over real HTTP with fetch.
const SERVERS: [string, (ac: AccessControl) => Server][] = [
  ['examples/express.ts (express 5)', (ac) => createApp(ac).listen(0, '127.0.0.1')],
  ['examples/node-http.ts (node:http)', (ac) => createHttpServer(ac).listen(0, '127.0.0.1')],
]

/** Advice only an administrator can follow, which a 403 body must never give the user. */
const ADMIN_ADVICE = /grant them|give them|grant the user|give the user|add the user/i

describe.each(SERVERS)('%s', (_name, start) => {
  let ac: AccessControl
  let server: Server
  let base = ''

  beforeAll(async () => {
    ac = await createDemoTenant()
    server = start(ac)
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    await ac.close()
  })

  async function call(method: string, path: string, user?: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${base}${path}`, { method, headers: user === undefined ? {} : { 'x-user-id': user } })
    expect(res.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8$/)
    return { status: res.status, body: await res.json() }
  }

  /** The 403 body the server must send: the reason as code, the decision worded for the user. */
  async function refusal(user: string, permission: string, item?: WorkItem) {
    const decision = await ac.explain(user, permission, item)
    return { status: 403, body: { code: decision.reason, message: describeDecision(decision, { audience: 'user' }) } }
  }

  it('R4, R35: an agent without a seat is refused with 403, the no-seat code and the sentence for the user', async () => {
    const answer = await call('POST', '/conversations/c-1/transfer', 'ben')
    expect(answer).toEqual({
      status: 403,
      body: {
        code: 'no-seat',
        message: "Transfer conversations isn't available to you: you have no seat. Ask your administrator.",
      },
    })
    expect(answer).toEqual(await refusal('ben', TRANSFER, conversationById.get('c-1')))
    expect(JSON.stringify(answer.body)).not.toMatch(ADMIN_ADVICE)
  })

  it('R4: an agent with a seat transfers a conversation of her queue (200)', async () => {
    expect(await call('POST', '/conversations/c-1/transfer', 'ana')).toEqual({
      status: 200,
      body: { transferred: 'c-1' },
    })
  })

  it('R21, R22: the conversation the route names is the item: assigned to her 200, another queue 403 out-of-reach', async () => {
    expect(await call('POST', '/conversations/c-2/transfer', 'ana')).toEqual({
      status: 200,
      body: { transferred: 'c-2' },
    })
    const outside = await call('POST', '/conversations/c-3/transfer', 'ana')
    expect(outside).toEqual(await refusal('ana', TRANSFER, { queue: 'sales' }))
    expect(outside.body).toMatchObject({ code: 'out-of-reach' })
    // A supervisor's Manage all conversations reaches every item, so his transfer reaches it (R20).
    expect(await call('POST', '/conversations/c-3/transfer', 'bo')).toEqual({
      status: 200,
      body: { transferred: 'c-3' },
    })
  })

  it('R21, R23: the route’s queue is the item: her queue 200 with its conversations, another queue 403', async () => {
    expect(await call('GET', '/queues/billing/conversations', 'ana')).toEqual({
      status: 200,
      body: { conversations: [{ id: 'c-1', queue: 'billing' }] },
    })
    expect(await call('GET', '/queues/sales/conversations', 'ana')).toEqual(
      await refusal('ana', VIEW, { queue: 'sales' }),
    )
    // R5, R19: the seatless agent still views his own queue, as a viewer member.
    expect(await call('GET', '/queues/billing/conversations', 'ben')).toMatchObject({ status: 200 })
  })

  it('R1, R35: a viewer is refused a permission none of their roles holds, with not-granted', async () => {
    const answer = await call('POST', '/conversations/c-1/transfer', 'vic')
    expect(answer).toEqual(await refusal('vic', TRANSFER, conversationById.get('c-1')))
    expect(answer.body).toMatchObject({ code: 'not-granted' })
    expect(JSON.stringify(answer.body)).not.toMatch(ADMIN_ADVICE)
  })

  it('R13: nobody signed in is 401; an unknown user is denied, not an error; an unknown conversation is 404', async () => {
    expect(await call('POST', '/conversations/c-1/transfer')).toMatchObject({
      status: 401,
      body: { code: 'unauthenticated' },
    })
    expect(await call('POST', '/conversations/c-1/transfer', 'mallory')).toMatchObject({
      status: 403,
      body: { code: 'not-granted' },
    })
    expect(await call('POST', '/conversations/c-9/transfer', 'ana')).toMatchObject({ status: 404 })
  })

  it('R28: closes cleanly: the server stops listening, then the service refuses later checks with store/unavailable', async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    expect(server.listening).toBe(false)
    await ac.close()
    const late = await ac.explain('ana', TRANSFER).catch((error: unknown) => error)
    expect(late).toBeInstanceOf(SeatguardError)
    expect(late).toMatchObject({ code: 'store/unavailable' })
  })
})
