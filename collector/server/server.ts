/** The node:http shell around the router: listens, writes responses, closes cleanly. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpResponse, Router } from './router.ts';

export interface RunningServer {
  /** http://host:port/ as bound (the real port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

export function startServer(router: Router, host: string, port: number): Promise<RunningServer> {
  const server = createServer((req, res) => void handle(router, req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shown}:${address.port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handle(router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: HttpResponse;
  try {
    response = await router({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
  } catch (error) {
    // The router answers its own failures; reaching here is a bug, still answered rather than left hanging.
    response = { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `internal error: ${String(error)}` };
  }
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(response.body)) });
  res.end(req.method === 'HEAD' ? undefined : response.body);
}
