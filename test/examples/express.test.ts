import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoServer } from '../../examples/express.js'

// Starts the demo on 127.0.0.1, on a port the OS picks, and calls it over real HTTP.
const server = createDemoServer()
let base = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function call(
  method: string,
  path: string,
  user?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method, headers: user === undefined ? {} : { 'x-user-id': user } })
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('examples/express.ts: requirePermission middleware', () => {
  it('R4: lets an agent with a seat transfer (200)', async () => {
    expect(await call('POST', '/conversations/42/transfer', 'ana')).toEqual({
      status: 200,
      body: { transferred: '42' },
    })
  })

  it('R4, R5: refuses an agent without a seat with 403, reason no-seat and the decision’s message', async () => {
    const { status, body } = await call('POST', '/conversations/42/transfer', 'ben')
    expect(status).toBe(403)
    expect(body).toMatchObject({
      error: 'access/forbidden',
      permission: 'conversations/my-work/transfer',
      reason: 'no-seat',
    })
    expect(body.message).toMatch(/^User "ben" may not use Transfer conversations .*grant them a seat\.$/)
  })

  it('R5: the same seatless agent may still view (200)', async () => {
    expect(await call('GET', '/conversations', 'ben')).toMatchObject({ status: 200 })
  })

  it('R1: refuses a viewer a permission none of their roles holds, with reason not-granted', async () => {
    const { status, body } = await call('POST', '/conversations/42/transfer', 'vic')
    expect(status).toBe(403)
    expect(body).toMatchObject({
      reason: 'not-granted',
      message: expect.stringContaining('none of their roles includes it'),
    })
  })

  it('answers 401 when nobody is signed in, and 404 for unknown routes', async () => {
    expect(await call('POST', '/conversations/42/transfer')).toMatchObject({
      status: 401,
      body: { error: 'unauthenticated' },
    })
    expect(await call('POST', '/conversations/42/transfer', 'mallory')).toMatchObject({ status: 401 })
    expect(await call('DELETE', '/conversations/42', 'ana')).toMatchObject({ status: 404 })
  })

  it('serves the signed-in user’s grant for the browser', async () => {
    const { status, body } = await call('GET', '/grant', 'ben')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      format: 'seatguard.grant',
      v: 1,
      user: 'ben',
      mode: 'viewer',
      permissions: ['contact-center/conversations/view'],
    })
    expect((body.withheld as Record<string, string>)['conversations/my-work/transfer']).toBe('no-seat')
  })
})
