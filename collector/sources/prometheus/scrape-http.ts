/**
 * The scraper's HTTP transport: one GET over node:http / node:https with the target's TLS material (CA,
 * client certificate and key, server name, skip-verify), the body streamed as text and gunzipped when the
 * server sends `Content-Encoding: gzip`. `ScrapeTransport` is the seam tests and other callers can replace.
 *
 * The caller owns the deadline: aborting `signal` destroys the request and the body stream (a scrape timeout
 * covers connecting, headers and body). After the body is read to its end the signal is ignored.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Labels } from './exposition-types.ts';
import type { TlsMaterial } from './scrape-target.ts';

export interface ScrapeRequest {
  readonly url: string;
  readonly headers: Labels;
  readonly tls: TlsMaterial | undefined;
  readonly signal: AbortSignal;
}

export interface ScrapeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string | undefined;
  /** The decoded body as UTF-8 text chunks; iterate it at most once. */
  readonly body: AsyncIterable<string>;
}

export type ScrapeTransport = (request: ScrapeRequest) => Promise<ScrapeResponse>;

/** A body in an encoding the scraper cannot read (an unsupported `Content-Encoding`, corrupt gzip). */
export class ContentEncodingError extends Error {
  override readonly name = 'ContentEncodingError';
}

function isZlibError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_');
}

async function* decodeText(stream: Readable, done: () => void): AsyncGenerator<string, void, undefined> {
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream) yield decoder.write(chunk as Buffer);
    const rest = decoder.end();
    if (rest.length > 0) yield rest;
  } catch (error) {
    if (isZlibError(error)) throw new ContentEncodingError(`gzip body cannot be decompressed: ${(error as Error).message}`, { cause: error });
    throw error;
  } finally {
    done();
    stream.destroy();
  }
}

function decodedStream(response: IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return response;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') throw new ContentEncodingError(`unsupported Content-Encoding ${JSON.stringify(encoding)}: only gzip is accepted`);
  // pipeline() passes errors of the response (reset, abort) on to the gunzip stream the caller reads.
  return pipeline(response, createGunzip(), () => undefined);
}

function tlsOptions(tls: TlsMaterial | undefined): Pick<RequestOptions, 'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized'> {
  if (tls === undefined) return {};
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
    ...(tls.serverName === undefined ? {} : { servername: tls.serverName }),
    rejectUnauthorized: !tls.insecureSkipVerify,
  };
}

/** The default transport over Node's HTTP stack (keep-alive via the global agents). */
export const nodeScrapeTransport: ScrapeTransport = (scrape) =>
  new Promise((resolve, reject) => {
    const url = new URL(scrape.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const options = { method: 'GET', headers: { ...scrape.headers }, ...(url.protocol === 'https:' ? tlsOptions(scrape.tls) : {}) };
    let response: IncomingMessage | undefined;
    const onAbort = (): void => {
      const reason: unknown = scrape.signal.reason;
      const error = reason instanceof Error ? reason : new Error('scrape aborted');
      request.destroy(error);
      response?.destroy(error);
      reject(error);
    };
    const detach = (): void => scrape.signal.removeEventListener('abort', onAbort);
    const request = send(url, options, (incoming) => {
      response = incoming;
      try {
        const stream = decodedStream(incoming);
        resolve({
          status: incoming.statusCode ?? 0,
          statusText: incoming.statusMessage ?? '',
          contentType: incoming.headers['content-type'],
          body: decodeText(stream, detach),
        });
      } catch (error) {
        incoming.destroy();
        detach();
        reject(error);
      }
    });
    request.on('error', (error) => {
      detach();
      reject(error);
    });
    if (scrape.signal.aborted) onAbort();
    else scrape.signal.addEventListener('abort', onAbort, { once: true });
    request.end();
  });
