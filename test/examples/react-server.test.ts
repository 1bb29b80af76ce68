import { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createReactExample, type ReactExample } from '../../examples/react/server.js'
import type { Grant } from '../../src/index.js'

// examples/react/server.ts driven over real HTTP with fetch, without a browser: its push stream
// (GET /grants, Server-Sent Events) read as the page's EventSource reads it.

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The grants a push stream delivers, in order, and a wait for the nth one. It does not wait for
 * the response: a server may send the headers only with the first grant.
 */
function openStream(base: string, user: string) {
  const grants: Grant[] = []
  let ended = false
  const reading = (async () => {
    const res = await fetch(`${base}/grants?user=${user}`)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      const events = buffer.split('\n\n')
      buffer = events.pop() ?? ''
      for (const event of events) grants.push(JSON.parse(event.replace(/^data: /, '')) as Grant)
    }
    ended = true
  })()
  const nth = async (n: number, ms = 5_000): Promise<boolean> => {
    for (const stop = Date.now() + ms; grants.length < n && !ended && Date.now() < stop; ) await sleep(10)
    return grants.length >= n
  }
  return { grants, nth, reading, ended: () => ended }
}

/** Holds the answer of the next `ac.grant` call (made on the snapshot as it is then) until released. */
function holdNextGrant(example: ReactExample) {
  const grant = example.ac.grant.bind(example.ac)
  let release = (): void => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let called = (): void => {}
  const wasCalled = new Promise<void>((resolve) => {
    called = resolve
  })
  vi.spyOn(example.ac, 'grant').mockImplementationOnce(async (id) => {
    const made = await grant(id)
    called()
    await released
    return made
  })
  return { wasCalled, release }
}

describe('examples/react/server.ts: the push stream (R36)', { timeout: 30_000 }, () => {
  let example: ReactExample | undefined
  let base = ''
  const start = async (): Promise<ReactExample> => {
    example = await createReactExample()
    await new Promise<void>((resolve) => example?.server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(example.server.address() as AddressInfo).port}`
    return example
  }
  const revokeSeat = async (user: string): Promise<void> => {
    expect((await fetch(`${base}/admin/seat?user=${user}&seat=false`, { method: 'POST' })).status).toBe(204)
  }
  afterEach(async () => {
    vi.restoreAllMocks()
    await example?.close()
    example = undefined
  })

  it('R36: a new page’s first grant, made before a change, never arrives after the change’s grant', async () => {
    const ex = await start()
    const first = holdNextGrant(ex) // the new stream's first push: made while ana holds her seat
    const stream = openStream(base, 'ana')
    await first.wasCalled
    await revokeSeat('ana')
    // Time for a push of the change to overtake the first one, if it may (it did: a stale last grant).
    await stream.nth(1, 500)
    first.release()
    expect(await stream.nth(2)).toBe(true)
    await sleep(100) // nothing more follows
    expect(stream.grants.map((g) => g.mode)).toEqual(['full', 'viewer'])
  })

  it('R36, R28: close() lets a push in flight write before it ends the streams: no write after end, no error event', async () => {
    const ex = await start()
    const stream = openStream(base, 'ana')
    expect(await stream.nth(1)).toBe(true)
    const inFlight = holdNextGrant(ex) // the push of the change below
    await revokeSeat('ana')
    await inFlight.wasCalled
    const errors: unknown[] = []
    const onError = (error: unknown): number => errors.push(error)
    const write = ServerResponse.prototype.write
    const afterEnd: string[] = []
    vi.spyOn(ServerResponse.prototype, 'write').mockImplementation(function (this: ServerResponse, ...args) {
      if (this.writableEnded) afterEnd.push(String(args[0]))
      return (write as (...a: unknown[]) => boolean).apply(this, args)
    })
    process.on('uncaughtException', onError)
    try {
      const closed = ex.close()
      await sleep(100) // close() under way, the push still held
      inFlight.release()
      await closed
      example = undefined
      await stream.reading
      await sleep(50) // an 'error' event of a write after end comes on a later tick
    } finally {
      process.off('uncaughtException', onError)
    }
    expect(afterEnd).toEqual([])
    expect(errors).toEqual([])
    expect(stream.ended()).toBe(true)
    expect(stream.grants.map((g) => g.mode)).toEqual(['full', 'viewer'])
  })
})
