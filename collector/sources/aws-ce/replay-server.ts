/**
 * A loopback HTTP server that answers Cost Explorer's JSON 1.1 protocol with recorded-shaped responses, in order,
 * and records what the SDK sent: the protocol tests point the real client at it (`endpoint`). Test support only.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplayResponse {
  status: number;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface ReplayServer {
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A throttling error exactly as Cost Explorer sends it. */
export function limitExceeded(message = 'Rate exceeded'): ReplayResponse {
  return { status: 400, body: { __type: 'com.amazonaws.ce#LimitExceededException', Message: message } };
}

export async function replayServer(responses: ReplayResponse[]): Promise<ReplayServer> {
  const queue = [...responses];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      const next = queue.shift() ?? { status: 500, body: { __type: 'com.amazonaws.ce#InternalFailure', Message: 'the replay ran out of responses' } };
      const payload = JSON.stringify(next.body);
      res.writeHead(next.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${requests.length}`, 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
