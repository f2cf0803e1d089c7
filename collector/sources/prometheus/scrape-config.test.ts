import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingSecretError } from './http-auth.ts';
import { loopbackServer, type LoopbackServer } from './loopback-server.ts';
import { runScrapeCycle } from './scrape.ts';
import { currentTargets, resolveScrapeConfig, scrapeConfigSchema } from './scrape-config.ts';

let dir: string;
let server: LoopbackServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-scrape-config-'));
  server = await loopbackServer((request, response) => {
    if (request.headers.authorization !== 'Bearer from-env') {
      response.writeHead(401).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    response.end('DCGM_FI_DEV_GPU_UTIL{gpu="0"} 50\ngo_goroutines 7\n');
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scrapeConfigSchema', () => {
  it('fills Prometheus-like defaults', () => {
    const config = scrapeConfigSchema.parse({ jobs: [{ job: 'dcgm', static_configs: [{ targets: ['gpu-1:9400'] }] }] });
    expect(config.concurrency).toBe(16);
    expect(config.jobs[0]).toMatchObject({ interval: 30_000, timeout: 10_000, scheme: 'http', metrics_path: '/metrics', gzip: true, accept: 'openmetrics', honor_labels: false });
  });

  it.each([
    [{ jobs: [{ job: 'a' }, { job: 'a' }] }, /duplicate job name a/],
    [{ jobs: [{ job: 'a', interval: '15s', timeout: '20s' }] }, /timeout must not exceed interval/],
    [{ jobs: [{ job: 'a', keep_metrics: ['('] }] }, /valid regular expression/],
    [{ jobs: [{ job: 'a', file_sd: ['targets.txt'] }] }, /\.json, \.yml or \.yaml/],
    [{ jobs: [{ job: 'a', tls: { cert_file: 'c.pem' } }] }, /go together/],
    [{ jobs: [{ job: 'a', bearer_token: 'inline' }] }, /bearer_token/],
    [{ jobs: [{ job: 'a', static_configs: [{ targets: ['http://x:1'] }] }] }, /host:port/],
  ])('rejects %j', (input, message) => {
    const parsed = scrapeConfigSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
  });
});

describe('resolveScrapeConfig', () => {
  it('resolves secrets and relative paths, discovers file_sd targets and scrapes them', async () => {
    const host = new URL(server.origin).host;
    writeFileSync(join(dir, 'gpus.json'), JSON.stringify([{ targets: [host], labels: { node: 'gpu-node-1' } }]));
    writeFileSync(join(dir, 'ca.pem'), 'PEM TEXT');
    const config = scrapeConfigSchema.parse({
      concurrency: 2,
      jobs: [
        { job: 'dcgm', file_sd: ['gpus.json'], labels: { cluster: 'train' }, keep_metrics: ['DCGM_.*'], bearer_token_env: 'DCGM_TOKEN' },
        { job: 'tls', scheme: 'https', static_configs: [{ targets: ['gpu-2:9400'] }], tls: { ca_file: 'ca.pem' } },
      ],
    });
    const jobs = await resolveScrapeConfig(config, { env: { DCGM_TOKEN: 'from-env' }, baseDir: dir });
    expect(jobs[1]?.settings.tls).toEqual({ ca: 'PEM TEXT', cert: undefined, key: undefined, serverName: undefined, insecureSkipVerify: false });
    expect(jobs[1]?.staticTargets.map((t) => t.url)).toEqual(['https://gpu-2:9400/metrics']);

    const dcgm = jobs[0];
    if (dcgm === undefined) throw new Error('no job');
    const { targets, errors } = await currentTargets([dcgm]);
    expect(errors).toEqual([]);
    expect(targets.map((t) => t.labels)).toEqual([{ job: 'dcgm', cluster: 'train', node: 'gpu-node-1', instance: host }]);

    const names: string[] = [];
    const results = await runScrapeCycle(targets, { concurrency: config.concurrency, onSample: (sample) => names.push(`${sample.name}{${sample.labels.node ?? ''}}`) });
    expect(results.map((r) => r.up)).toEqual([1]);
    expect(names).toEqual(['DCGM_FI_DEV_GPU_UTIL{gpu-node-1}']);
  });

  it('names a missing secret variable', async () => {
    const config = scrapeConfigSchema.parse({ jobs: [{ job: 'x', basic_auth: { username: 'u', password_env: 'SCRAPE_PASSWORD' } }] });
    await expect(resolveScrapeConfig(config, { env: {}, baseDir: dir })).rejects.toThrow(MissingSecretError);
  });
});
