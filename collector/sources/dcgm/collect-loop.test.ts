import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/helpers.ts';
import type { Store } from '../../store/db.ts';
import { openStore } from '../../store/db.ts';
import type { LoopbackServer } from '../prometheus/loopback-server.ts';
import { loopbackServer } from '../prometheus/loopback-server.ts';
import { jitteredDelay } from '../prometheus/scrape.ts';
import { buildTargets, scrapeSettings } from '../prometheus/scrape-target.ts';
import type { CollectEvent, CollectPlan } from './collect-loop.ts';
import { runCollect } from './collect-loop.ts';

const SCRAPE = readFileSync(join(FIXTURES, 'gpu/dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt'), 'utf8');

describe('runCollect', () => {
  let server: LoopbackServer;
  let store: Store;
  beforeAll(async () => {
    server = await loopbackServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(SCRAPE);
    });
    store = await openStore(':memory:');
  });
  afterAll(async () => {
    store.close();
    await server.close();
  });

  function plan(): CollectPlan {
    const settings = scrapeSettings({ job: 'dcgm', intervalMs: 15_000, timeoutMs: 5_000 });
    const targets = buildTargets([{ targets: [new URL(server.origin).host], labels: { cluster: 'lab' } }], settings);
    return {
      scrapeJobs: [{ settings, staticTargets: targets, discovery: undefined }],
      concurrency: 4,
      identity: { defaultCluster: 'default' },
      gpu: { lookbackMs: 30_000, timeSlicingReplicas: null, rawRetentionMs: null },
      api: undefined,
    };
  }

  it('scrapes each job at its jittered slot every interval until stopped, writing each cycle', async () => {
    let clock = Date.parse('2026-03-02T10:00:00Z');
    const slept: number[] = [];
    const events: CollectEvent[] = [];
    const abort = new AbortController();
    await runCollect(store, plan(), {
      once: false,
      signal: abort.signal,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
        if (slept.length > 3) abort.abort();
      },
      onEvent: (event) => events.push(event),
    });
    expect(events.map((e) => e.kind)).toEqual(['scrape', 'scrape', 'scrape']);
    const offset = jitteredDelay(15_000, 'scrape:dcgm');
    expect(slept[0]).toBe(offset);
    expect(slept.slice(1, 3)).toEqual([15_000, 15_000]);
    const minutes = (await store.connection.runAndReadAll('SELECT count(*)::INTEGER AS n, max(samples) AS s FROM gpu_minute')).getRowObjectsJS();
    expect(minutes).toEqual([{ n: 1, s: 3 }]);
    const cluster = (await store.connection.runAndReadAll('SELECT cluster FROM gpus')).getRowObjectsJS();
    expect(cluster).toEqual([{ cluster: 'lab' }]);
  });

  it('says when there is nothing to collect', async () => {
    await expect(runCollect(store, { ...plan(), scrapeJobs: [] }, { once: true, signal: new AbortController().signal, onEvent: () => undefined })).rejects.toThrow(/nothing to collect/);
  });
});
