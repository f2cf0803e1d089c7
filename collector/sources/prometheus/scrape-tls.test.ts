import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackServer, type Handler, type LoopbackServer } from './loopback-server.ts';
import { scrapeTarget, type ScrapeResult } from './scrape.ts';
import { buildTargets, scrapeSettings, type TlsMaterial } from './scrape-target.ts';


interface Pem {
  readonly cert: string;
  readonly key: string;
}

/** A self-signed certificate for 127.0.0.1, valid for a day. */
function selfSigned(dir: string, name: string): Pem {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const run = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ]);
  if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr.toString()}`);
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

describe('scraping over TLS (self-signed certificates made with openssl)', () => {
  let dir: string;
  let serverPem: Pem;
  let clientPem: Pem;
  let plain: LoopbackServer;
  let mutual: LoopbackServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pulse-scrape-tls-'));
    serverPem = selfSigned(dir, 'server');
    clientPem = selfSigned(dir, 'client');
    const answer: Handler = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      response.end('secure_metric 1\n');
    };
    plain = await loopbackServer(answer, { cert: serverPem.cert, key: serverPem.key });
    mutual = await loopbackServer(answer, { cert: serverPem.cert, key: serverPem.key, ca: clientPem.cert, requestCert: true, rejectUnauthorized: true });
  });

  afterAll(async () => {
    await plain.close();
    await mutual.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function scrape(server: LoopbackServer, tls: TlsMaterial | undefined): Promise<ScrapeResult> {
    const settings = scrapeSettings({ job: 'tls', scheme: 'https', tls, timeoutMs: 3_000 });
    const [target] = buildTargets([{ targets: [new URL(server.origin).host], labels: {} }], settings);
    if (target === undefined) throw new Error('no target');
    return scrapeTarget(target, { onSample: () => undefined });
  }

  it('trusts the server through the configured CA', async () => {
    expect(await scrape(plain, { ca: serverPem.cert, insecureSkipVerify: false })).toMatchObject({ up: 1, samples: 1 });
  });

  it('refuses an unknown self-signed certificate, and accepts it with insecure_skip_verify', async () => {
    const refused = await scrape(plain, undefined);
    expect(refused).toMatchObject({ up: 0, error: { kind: 'network' } });
    expect(refused.error?.message).toMatch(/self[- ]signed/i);
    expect(await scrape(plain, { insecureSkipVerify: true })).toMatchObject({ up: 1 });
  });

  it('presents a client certificate when the server requires one', async () => {
    expect(await scrape(mutual, { ca: serverPem.cert, cert: clientPem.cert, key: clientPem.key, insecureSkipVerify: false })).toMatchObject({ up: 1 });
    expect(await scrape(mutual, { ca: serverPem.cert, insecureSkipVerify: false })).toMatchObject({ up: 0, error: { kind: 'network' } });
  });
});
