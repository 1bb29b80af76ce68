// A tiny server for the frontend example, on 127.0.0.1 only: the page, its script bundled
// by esbuild from main.ts (which imports the built `seatguard/client`), and a demo /grant
// endpoint that signs users in from a query parameter.
//
//   npm run build && npx tsx examples/frontend/server.ts
//   open http://127.0.0.1:3001/?user=ana   (or ben, vic)
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { conversations, createGrant, createPolicy, type User } from 'seatguard'

const here = new URL('./', import.meta.url)
const policy = createPolicy(conversations)

/** The demo's users: an agent with a seat in queue billing, the same role without a seat, and a viewer. */
export const demoUsers: ReadonlyMap<string, User> = new Map([
  ['ana', { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }],
  ['ben', { id: 'ben', roles: ['agent'], queues: ['billing'] }],
  ['vic', { id: 'vic', roles: ['viewer'] }],
])

/** Bundles main.ts for the browser, the way an app's build would. Needs `npm run build` first. */
export async function bundlePage(): Promise<string> {
  if (!existsSync(fileURLToPath(new URL('../../dist/client.js', here)))) {
    throw new Error(
      'dist/client.js is missing: run `npm run build` first (the page imports the built seatguard/client).',
    )
  }
  const result = await build({
    entryPoints: [fileURLToPath(new URL('main.ts', here))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
  })
  return result.outputFiles[0]?.text ?? ''
}

const send = (res: ServerResponse, status: number, type: string, body: string): void => {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body)
}

/** The example server, not yet listening. */
export async function createFrontendServer(): Promise<Server> {
  const [html, script] = await Promise.all([readFile(new URL('index.html', here), 'utf8'), bundlePage()])
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname === '/') send(res, 200, 'text/html', html)
    else if (url.pathname === '/main.js') send(res, 200, 'text/javascript', script)
    else if (url.pathname === '/grant') {
      const user = demoUsers.get(url.searchParams.get('user') ?? '')
      if (user === undefined) send(res, 401, 'application/json', JSON.stringify({ error: 'unauthenticated' }))
      else send(res, 200, 'application/json', JSON.stringify(createGrant(policy, user)))
    } else send(res, 404, 'text/plain', 'Not found.')
  })
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3001)
  const server = await createFrontendServer()
  server.listen(port, '127.0.0.1', () =>
    console.log(`seatguard frontend demo on http://127.0.0.1:${port}/?user=ana (or ben, vic)`),
  )
}
