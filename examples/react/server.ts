// The server of the React example, on 127.0.0.1 only: a real AccessControl on the memory store,
// the page and its script (app.tsx bundled by esbuild with React), GET /grant for the signed-in
// user's grant, and GET /grants, a Server-Sent Events stream that pushes a new grant to the
// page whenever the user's access changes, so the page updates without a reload (R36).
//
//   npm run build && npx tsx examples/react/server.ts
//   open http://127.0.0.1:3002/?user=ana, then revoke and grant her seat:
//   curl -X POST 'http://127.0.0.1:3002/admin/seat?user=ana&seat=false'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { type AccessControl, conversations, createAccessControl, createMemoryStore } from 'seatguard'

const here = new URL('./', import.meta.url)

/** Bundles app.tsx for the browser with React and the built `seatguard/client`, as an app's build would. */
export async function bundlePage(): Promise<string> {
  if (!existsSync(fileURLToPath(new URL('../../dist/client.js', here))))
    throw new Error(
      'dist/client.js is missing: run `npm run build` first (the page imports the built seatguard/client).',
    )
  const result = await build({
    entryPoints: [fileURLToPath(new URL('app.tsx', here))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    write: false,
  })
  return result.outputFiles[0]?.text ?? ''
}

const send = (res: ServerResponse, status: number, type: string, body: string): void => {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body)
}

/** An open page's push stream, and the last grant it was sent (as JSON), so it gets only changes. */
interface Stream {
  readonly user: string
  readonly res: ServerResponse
  last: string
}

/** The example: the HTTP server (not yet listening), its AccessControl, and `close` for all of it. */
export interface ReactExample {
  readonly server: Server
  readonly ac: AccessControl
  close(): Promise<void>
}

export async function createReactExample(): Promise<ReactExample> {
  const store = createMemoryStore()
  const ac = await createAccessControl({ catalogue: conversations, store, tenant: 'acme' })
  await ac.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }, { actor: 'setup' })
  await ac.setUser({ id: 'ben', roles: ['agent'], queues: ['billing'] }, { actor: 'setup' })

  const streams = new Set<Stream>()
  let closing = false // close() began: no new stream
  const push = async (stream: Stream): Promise<void> => {
    const grant = JSON.stringify(await ac.grant(stream.user))
    // The page left while the grant was made: its response is over, and a write would fail.
    if (stream.res.writableEnded || stream.res.destroyed) return
    if (grant === stream.last) return // another user's change: nothing new for this page
    stream.last = grant
    stream.res.write(`data: ${grant}\n\n`)
  }
  // Every push, a new page's first one included, runs on this one chain, one at a time, each
  // reading the snapshot as it is then: so a page never gets an older grant last.
  let pushing = Promise.resolve()
  const enqueue = (work: () => Promise<void>): void => {
    pushing = pushing.then(work).catch((error: unknown) => console.error('seatguard react example: push failed', error))
  }
  // Every committed change of the tenant, from this process or another one on the same store,
  // reaches every open page.
  const unwatch = await store.watch?.((event) => {
    if (event.type === 'change' && event.tenant !== ac.tenant) return // 'resync': changes may have been missed
    enqueue(async () => {
      await ac.refresh() // the snapshot catches up first, so ac.grant sees the change
      for (const stream of streams) await push(stream)
    })
  })

  const [html, script] = await Promise.all([readFile(new URL('index.html', here), 'utf8'), bundlePage()])
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // The demo signs users in from a query parameter; a real app reads its session here.
    const user = url.searchParams.get('user') ?? ''
    const answer = (work: () => Promise<void>) =>
      work().catch((error: unknown) => send(res, 500, 'text/plain', String(error)))
    if (url.pathname === '/') send(res, 200, 'text/html', html)
    else if (url.pathname === '/main.js') send(res, 200, 'text/javascript', script)
    else if (user === '') send(res, 401, 'application/json', JSON.stringify({ error: 'unauthenticated' }))
    else if (url.pathname === '/grant')
      answer(async () => send(res, 200, 'application/json', JSON.stringify(await ac.grant(user))))
    else if (url.pathname === '/grants') {
      if (closing) return send(res, 503, 'text/plain', 'Closing.')
      // Headers at once: the page sees its stream open even while the first push waits its turn.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' }).flushHeaders()
      const stream: Stream = { user, res, last: '' }
      streams.add(stream)
      const drop = (): boolean => streams.delete(stream)
      req.on('close', drop)
      res.on('error', drop) // a connection reset mid-write: the page is gone, the server stays up
      // The current grant first, through the chain: whatever changed between the page's GET /grant
      // and now reaches it, and a push of a change made meanwhile cannot be overtaken by it.
      enqueue(() => push(stream))
    } else if (url.pathname === '/admin/seat' && req.method === 'POST')
      // An administrator's action (no auth in the demo); the store's change feed pushes the result.
      answer(async () => {
        await (url.searchParams.get('seat') === 'true' ? ac.grantSeat(user) : ac.revokeSeat(user))
        send(res, 204, 'text/plain', '')
      })
    else send(res, 404, 'text/plain', 'Not found.')
  })

  return {
    server,
    ac,
    async close() {
      // No new page, no new change round; the pushes already queued are written before each
      // stream ends, never on an ended response.
      closing = true
      await unwatch?.()
      // Until the chain stops growing: a push queued while waiting is written too.
      let waited: Promise<void> | undefined
      while (waited !== pushing) {
        waited = pushing
        await waited
      }
      for (const { res } of streams) res.end()
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))
      await ac.close()
      await store.close?.()
    },
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3002)
  const { server } = await createReactExample()
  server.listen(port, '127.0.0.1', () =>
    console.log(`seatguard React example on http://127.0.0.1:${port}/?user=ana (or ben)`),
  )
}
