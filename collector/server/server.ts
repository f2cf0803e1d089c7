/** The node:http shell around the router: listens, writes responses, closes cleanly. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpResponse, Router } from './router.ts';
import { readRequestBody } from './hooks/body.ts';

export interface RunningServer {
  /** http://host:port/ as bound (the real port when 0 was asked for). */
  url: string;
  /** Stops accepting, drops open connections and resolves once running requests are done (their queries too). */
  close(): Promise<void>;
}

export function startServer(router: Router, host: string, port: number): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const running = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handled = handle(router, req, res);
    running.add(handled);
    void handled.finally(() => running.delete(handled));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shown}:${address.port}/`,
        close: async () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          for (const socket of sockets) socket.destroy();
          // The caller closes the engine next: a query still running must finish first.
          await Promise.allSettled([...running]);
          await closed;
        },
      });
    });
  });
}

async function handle(router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: HttpResponse;
  try {
    response = await router({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, readBody: (limit) => readRequestBody(req, limit) });
  } catch (error) {
    // The router answers its own failures; reaching here is a bug, still answered rather than left hanging.
    response = { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `internal error: ${String(error)}` };
  }
  if (res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(response.body)) });
  res.end(req.method === 'HEAD' ? undefined : response.body);
}
