// seatguard on node:http, for an app without a framework: the same checks as express.ts, one
// function per request. 403 answers carry the reason's code and a sentence for the user (R35).
//
//   npx tsx examples/node-http.ts    # then, in another terminal:
//   curl -i -H 'x-user-id: ana' http://127.0.0.1:3000/queues/sales/conversations
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { pathToFileURL } from 'node:url'
import { type AccessControl, describeDecision, type WorkItem } from 'seatguard'
import { conversationById, conversationsIn, createDemoTenant, TRANSFER, VIEW } from './demo-tenant.js'

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
}

/** The signed-in user's id; a header stands in for your session (never trust one a browser can set). */
const userIdOf = (req: IncomingMessage): string | undefined => {
  const id = req.headers['x-user-id']
  return typeof id === 'string' && id !== '' ? id : undefined
}

/**
 * Whether the request may go on: when the user may not use `permission` (on `item` when one
 * is given), this answers 401 or 403 with `{ code, message }` and resolves `false`.
 */
export async function allow(
  ac: AccessControl,
  req: IncomingMessage,
  res: ServerResponse,
  permission: string,
  item?: WorkItem,
): Promise<boolean> {
  const userId = userIdOf(req)
  if (userId === undefined) {
    send(res, 401, { code: 'unauthenticated', message: 'Sign in to continue.' })
    return false
  }
  const decision = await ac.explain(userId, permission, item)
  if (!decision.allowed)
    send(res, 403, { code: decision.reason, message: describeDecision(decision, { audience: 'user' }) })
  return decision.allowed
}

async function route(ac: AccessControl, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname
  const list = /^\/queues\/([^/]+)\/conversations$/.exec(path)
  const transfer = /^\/conversations\/([^/]+)\/transfer$/.exec(path)
  if (req.method === 'GET' && list) {
    // The route's queue is the item: only that queue's conversations are listed.
    const queue = decodeURIComponent(list[1] ?? '')
    if (await allow(ac, req, res, VIEW, { queue })) send(res, 200, { conversations: conversationsIn(queue) })
  } else if (req.method === 'POST' && transfer) {
    // The conversation the route names is the item: its queue and assignee, from the app's records.
    const conversation = conversationById.get(decodeURIComponent(transfer[1] ?? ''))
    if (!(await allow(ac, req, res, TRANSFER, conversation))) return
    if (conversation === undefined) send(res, 404, { code: 'not-found', message: 'No such conversation.' })
    else send(res, 200, { transferred: conversation.id })
  } else send(res, 404, { code: 'not-found', message: `No route ${req.method} ${path}.` })
}

/** The server, not yet listening. A check that rejects (a closed service) answers 500. */
export function createHttpServer(ac: AccessControl): Server {
  return createServer((req, res) => {
    route(ac, req, res).catch(() => send(res, 500, { code: 'internal', message: 'Something went wrong.' }))
  })
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3000)
  createHttpServer(await createDemoTenant()).listen(port, '127.0.0.1', () =>
    console.log(`seatguard on node:http at http://127.0.0.1:${port} (users: ana, ben, vic, bo)`),
  )
}
