/**
 * A real Alertmanager (Debian's prometheus-alertmanager, loopback, clustering off, short group intervals) whose
 * webhook receiver is a real `pulse serve` with a bearer token. Alerts posted through Alertmanager's API fire,
 * resolve, re-fire and stay open; each arrives once as an episode however often its group is re-notified, and
 * classifies as METRICS.md says. Fails, never skips, without the binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../collector/store/db.ts';
import { labelsFingerprint } from '../../collector/sources/alertmanager/fingerprint.ts';
import { freePort, pulse, PULSE_BIN, tempDir } from '../helpers.ts';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const TOKEN = 'alertmanager-webhook-token-0123';

const dir = tempDir('pulse-am-');
const db = join(dir, 'pulse.duckdb');
const children: ChildProcess[] = [];
let pulseUrl = '';
let amUrl = '';

function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 30_000);
    const look = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

async function postAlerts(alerts: object[]): Promise<void> {
  const response = await fetch(`${amUrl}api/v2/alerts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(alerts) });
  if (!response.ok) throw new Error(`Alertmanager answered ${response.status}: ${await response.text()}`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface NoiseRow {
  alertname: string;
  episodes: number;
  transient: number;
  flapping: number;
  unknown: number;
  actionable: number;
  notifications: number;
}

async function noise(to: string): Promise<NoiseRow[]> {
  const response = await fetch(`${pulseUrl}api/kpi/alert-noise?group_by=alertname&from=2020-01-01&to=${encodeURIComponent(to)}`, { headers: { Host: '127.0.0.1' } });
  const body = (await response.json()) as { ok: boolean; data: { rows: NoiseRow[] } };
  return body.data.rows;
}

const labels = (alertname: string): Record<string, string> => ({ alertname, severity: 'page', service: 'checkout' });
let t0 = 0;

beforeAll(async () => {
  if (!existsSync(ALERTMANAGER)) throw new Error(`${ALERTMANAGER} is missing: apt-get install prometheus-alertmanager (.ci/run installs it)`);
  (await openStore(db)).close();
  const served = await start(process.execPath, [PULSE_BIN, '--db', db, 'serve', '--port', '0'], { PULSE_ALERTMANAGER_TOKEN: TOKEN }, /listening on (http:\/\/\S+\/)/);
  pulseUrl = served.match[1] ?? '';
  const amPort = await freePort();
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    `route:
  receiver: pulse
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 3s
receivers:
  - name: pulse
    webhook_configs:
      - url: ${pulseUrl}hooks/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${TOKEN}
`,
  );
  await start(
    ALERTMANAGER,
    [`--config.file=${config}`, `--storage.path=${join(dir, 'am-data')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=', '--log.level=info'],
    {},
    /Listening on|listening on/i,
  );
  amUrl = `http://127.0.0.1:${amPort}/`;
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await sleep(500);
});

describe('Alertmanager → pulse serve', () => {
  it('stores each episode once, however often its group is notified, and classifies it', async () => {
    t0 = Math.floor(Date.now() / 1000) * 1000;
    const at = (ms: number): string => new Date(ms).toISOString();
    // Fire three alerts: Quick will resolve, Flappy will resolve and fire again, Stuck stays open.
    await postAlerts(['Quick', 'Flappy', 'Stuck'].map((name) => ({ labels: labels(name), startsAt: at(t0), endsAt: at(t0 + 3_600_000) })));
    await sleep(4_000);
    await postAlerts(['Quick', 'Flappy'].map((name) => ({ labels: labels(name), startsAt: at(t0), endsAt: at(Date.now()) })));
    await sleep(4_000);
    const refired = Math.floor(Date.now() / 1000) * 1000;
    await postAlerts([{ labels: labels('Flappy'), startsAt: at(refired), endsAt: at(refired + 3_600_000) }]);

    // Until every episode has arrived, and Stuck's group has been notified again (repeat_interval).
    let rows: NoiseRow[] = [];
    for (let i = 0; i < 60; i++) {
      await sleep(500);
      rows = await noise(at(Date.now() + 60_000));
      const by = (name: string): NoiseRow | undefined => rows.find((r) => r.alertname === name);
      if (by('Flappy')?.episodes === 2 && by('Flappy')?.unknown === 0 && by('Quick')?.transient === 1 && (by('Stuck')?.notifications ?? 0) >= 3) break;
    }
    expect(rows.map((r) => ({ alertname: r.alertname, episodes: r.episodes, transient: r.transient, flapping: r.flapping, unknown: r.unknown }))).toEqual([
      { alertname: 'Flappy', episodes: 2, transient: 1, flapping: 1, unknown: 0 },
      { alertname: 'Quick', episodes: 1, transient: 1, flapping: 0, unknown: 0 },
      // Open for less than 24 hours, no acknowledgement data: no outcome yet.
      { alertname: 'Stuck', episodes: 1, transient: 0, flapping: 0, unknown: 1 },
    ]);
    expect(rows.find((r) => r.alertname === 'Stuck')?.notifications).toBeGreaterThanOrEqual(3);

    // Pulse's fingerprints are Alertmanager's.
    const listed = (await (await fetch(`${amUrl}api/v2/alerts`)).json()) as { fingerprint: string; labels: Record<string, string> }[];
    expect(listed.length).toBeGreaterThan(0);
    for (const alert of listed) expect(labelsFingerprint(alert.labels)).toBe(alert.fingerprint);
  }, 60_000);

  it('refuses a webhook without the bearer token', async () => {
    const response = await fetch(`${pulseUrl}hooks/alertmanager`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(401);
  });

  it('takes acknowledgements from alert_ack events: the acknowledged episode becomes actionable', async () => {
    for (const child of children.slice(0, 1)) child.kill('SIGTERM');
    await sleep(1_500);
    const events = join(dir, 'acks.ndjson');
    writeFileSync(
      events,
      `${JSON.stringify({ type: 'alert_ack', fingerprint: labelsFingerprint(labels('Stuck')), starts_at: new Date(t0).toISOString(), at: new Date(t0 + 60_000).toISOString(), by: 'oncall' })}\n`,
    );
    const imported = await pulse(['--db', db, 'import', 'events', events]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const result = await pulse(['--db', db, 'kpi', 'alert-noise', '--group-by', 'alertname', '--from', '2020-01-01', '--to', new Date(t0 + 120_000).toISOString(), '--format', 'json']);
    expect(result.code).toBe(0);
    const rows = (JSON.parse(result.stdout) as { rows: NoiseRow[] }).rows;
    expect(rows.find((r) => r.alertname === 'Stuck')).toMatchObject({ episodes: 1, actionable: 1, unknown: 0 });
  }, 60_000);
});
