// Express-style middleware that refuses a request with 403 and the decision's reason, plus a
// runnable demo server on node:http. The middleware has Express's (req, res, next) signature
// over Node's own request and response types, which Express's extend, so `app.post(path,
// requirePermission(...), handler)` works in an Express app unchanged.
//
//   npm run build && npx tsx examples/express.ts     # then, in another terminal:
//   curl -i -X POST -H 'x-user-id: ben' http://127.0.0.1:3000/conversations/42/transfer
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { pathToFileURL } from 'node:url'
import { conversations, createGrant, createPolicy, type Policy, type User } from 'seatguard'

/** Express's `next`: call it to pass the request on, or with an error to fail it. */
export type Next = (error?: unknown) => void
/** A middleware or handler with Express's signature. */
export type Handler = (req: IncomingMessage, res: ServerResponse, next: Next) => void
/** Finds the signed-in user of a request (from your session), or `undefined` when there is none. */
export type UserOf = (req: IncomingMessage) => User | undefined

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
}

/**
 * Lets the request through only when the signed-in user may use `permission` now. Otherwise
 * answers 401 (nobody signed in) or 403 with `{ error, permission, reason, message }` taken
 * from the policy's decision, so the client can tell "no seat" from "no role".
 */
export function requirePermission(policy: Policy, permission: string, userOf: UserOf): Handler {
  return (req, res, next) => {
    const user = userOf(req)
    if (user === undefined) {
      sendJson(res, 401, { error: 'unauthenticated', message: 'Sign in to continue.' })
      return
    }
    const decision = policy.explain(user, permission)
    if (!decision.allowed) {
      sendJson(res, 403, { error: 'access/forbidden', permission, reason: decision.reason, message: decision.message })
      return
    }
    next()
  }
}

// ---- The demo: a policy, three users, and a few routes. ----

const policy: Policy = createPolicy(conversations)
// Demo sign-in: the user id comes from a header. A real app reads it from its session.
const directory = new Map<string, User>([
  ['ana', { id: 'ana', roles: ['agent'], seat: true }],
  ['ben', { id: 'ben', roles: ['agent'] }],
  ['vic', { id: 'vic', roles: ['viewer'] }],
])
const signedIn: UserOf = (req) => directory.get(String(req.headers['x-user-id'] ?? ''))

interface Route {
  readonly method: string
  readonly path: RegExp
  readonly handlers: readonly Handler[]
}

const routes: readonly Route[] = [
  {
    method: 'GET',
    path: /^\/conversations$/,
    handlers: [
      requirePermission(policy, 'contact-center/conversations/view', signedIn),
      (_req, res) => sendJson(res, 200, { conversations: [{ id: '42' }] }),
    ],
  },
  {
    method: 'POST',
    path: /^\/conversations\/([^/]+)\/transfer$/,
    handlers: [
      requirePermission(policy, 'conversations/my-work/transfer', signedIn),
      (req, res) => sendJson(res, 200, { transferred: /^\/conversations\/([^/]+)/.exec(req.url ?? '')?.[1] }),
    ],
  },
  {
    // The signed-in user's grant, for `createGuard` from seatguard/client in their browser.
    method: 'GET',
    path: /^\/grant$/,
    handlers: [
      (req, res) => {
        const user = signedIn(req)
        if (user === undefined) sendJson(res, 401, { error: 'unauthenticated', message: 'Sign in to continue.' })
        else sendJson(res, 200, createGrant(policy, user))
      },
    ],
  },
]

/** Runs handlers in order, as Express does: each calls `next()` to go on, or answers. */
function run(handlers: readonly Handler[], req: IncomingMessage, res: ServerResponse): void {
  const step =
    (i: number): Next =>
    (error) => {
      if (error !== undefined) sendJson(res, 500, { error: 'internal', message: 'Something went wrong.' })
      else handlers[i]?.(req, res, step(i + 1))
    }
  step(0)()
}

/** The demo server, not yet listening. */
export function createDemoServer(): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const route = routes.find((r) => r.method === req.method && r.path.test(path))
    if (route === undefined) sendJson(res, 404, { error: 'not-found', message: `No route ${req.method} ${path}.` })
    else run(route.handlers, req, res)
  })
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3000)
  createDemoServer().listen(port, '127.0.0.1', () =>
    console.log(`seatguard express demo on http://127.0.0.1:${port} (users: ana, ben, vic)`),
  )
}
