import net from 'node:net'

/** A loopback TCP forwarder in front of the database, to make its connections misbehave. */
export interface FaultProxy {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number
  /** Rewrites a connection string to go through the proxy. */
  url(target: string): string
  /** The sockets open now stop forwarding in both directions, without closing: a silent network. */
  freeze(): void
  /** Forwarding resumes (new sockets always forward). */
  thaw(): void
  /** Destroys every socket and refuses new ones for `ms`: the server seems to restart. */
  drop(ms: number): void
  close(): Promise<void>
}

/** Starts a proxy to `host:port` on a random loopback port. */
export async function startProxy(host: string, port: number): Promise<FaultProxy> {
  const pairs = new Set<{ client: net.Socket; server: net.Socket; frozen: boolean }>()
  let refuseUntil = 0
  const server = net.createServer((client) => {
    if (Date.now() < refuseUntil) return void client.destroy()
    const upstream = net.connect(port, host)
    const pair = { client, server: upstream, frozen: false }
    pairs.add(pair)
    const forward = (from: net.Socket, to: net.Socket): void => {
      from.on('data', (chunk) => {
        if (!pair.frozen) to.write(chunk)
      })
    }
    forward(client, upstream)
    forward(upstream, client)
    const close = (): void => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    for (const s of [client, upstream]) {
      s.on('error', close)
      s.on('close', close)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy: no port')
  return {
    port: address.port,
    url(target) {
      const u = new URL(target)
      u.hostname = '127.0.0.1'
      u.port = String(address.port)
      return u.toString()
    },
    freeze() {
      for (const p of pairs) p.frozen = true
    },
    thaw() {
      for (const p of pairs) p.frozen = false
    },
    drop(ms) {
      refuseUntil = Date.now() + ms
      for (const p of [...pairs]) {
        p.client.destroy()
        p.server.destroy()
      }
    },
    async close() {
      for (const p of [...pairs]) {
        p.client.destroy()
        p.server.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
