// seatguard in a real Express 5 app: a middleware that checks the signed-in user's permission,
// on the conversation the route names (R21), and answers 403 with the reason's code and a
// sentence for that user (R35).
//
//   npx tsx examples/express.ts      # then, in another terminal:
//   curl -i -X POST -H 'x-user-id: ben' http://127.0.0.1:3000/conversations/c-1/transfer
import { pathToFileURL } from 'node:url'
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express'
import { type AccessControl, describeDecision, type WorkItem } from 'seatguard'
import { conversationById, conversationsIn, createDemoTenant, TRANSFER, VIEW } from './demo-tenant.js'

/**
 * The signed-in user's id. A header stands in for your session here: read it from your
 * session or your auth middleware instead (`req.session.userId`, `req.user.id`); never
 * trust a header a browser can set.
 */
const userIdOf = (req: Request): string | undefined => req.get('x-user-id') || undefined

/**
 * Lets the request through when the user may use `permission`, on the work item `itemOf`
 * finds for the request when one is given. Otherwise answers 401 (nobody signed in) or 403
 * with `{ code, message }`: the decision's reason and the sentence for the user.
 */
export function requirePermission(
  ac: AccessControl,
  permission: string,
  itemOf?: (req: Request) => WorkItem | undefined,
): RequestHandler {
  return async (req, res, next) => {
    const userId = userIdOf(req)
    if (userId === undefined) {
      res.status(401).json({ code: 'unauthenticated', message: 'Sign in to continue.' })
      return
    }
    const decision = await ac.explain(userId, permission, itemOf?.(req))
    if (decision.allowed) return next()
    res.status(403).json({ code: decision.reason, message: describeDecision(decision, { audience: 'user' }) })
  }
}

/** The app: two routes, each behind the middleware. */
export function createApp(ac: AccessControl): Express {
  const app = express()
  // The route's queue is the item: only that queue's conversations are listed.
  const queueOf = (req: Request): string => String(req.params.queue)
  app.get(
    '/queues/:queue/conversations',
    requirePermission(ac, VIEW, (req) => ({ queue: queueOf(req) })),
    (req, res) => {
      res.json({ conversations: conversationsIn(queueOf(req)) })
    },
  )
  // The conversation the route names is the item: its queue and assignee, from the app's records.
  const conversationOf = (req: Request) => conversationById.get(String(req.params.id))
  app.post('/conversations/:id/transfer', requirePermission(ac, TRANSFER, conversationOf), (req, res) => {
    const conversation = conversationOf(req)
    if (conversation === undefined) res.status(404).json({ code: 'not-found', message: 'No such conversation.' })
    else res.json({ transferred: conversation.id })
  })
  // A check that rejects (a closed service: store/unavailable) ends here, as JSON.
  const failed: ErrorRequestHandler = (_error, _req, res, _next) => {
    res.status(500).json({ code: 'internal', message: 'Something went wrong.' })
  }
  app.use(failed)
  return app
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3000)
  createApp(await createDemoTenant()).listen(port, '127.0.0.1', () =>
    console.log(`seatguard on Express at http://127.0.0.1:${port} (users: ana, ben, vic, bo)`),
  )
}
