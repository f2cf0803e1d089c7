/** `pulse import slo` and `pulse slo eval` as a user runs them: specs from pulse.yaml, errors with file and line, exit codes. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, pulse, tempDir } from '../helpers.ts';

describe('pulse import slo', () => {
  it('loads the specs listed in pulse.yaml, relative to it', async () => {
    const dir = tempDir('pulse-slo-cli-');
    writeFileSync(join(dir, 'pulse.yaml'), `version: 1\nslo:\n  specs: [${join(FIXTURES, 'slo/sloth/examples/getting-started.yml')}, local.yaml]\n  sloth_period: 28d\n`);
    writeFileSync(
      join(dir, 'local.yaml'),
      'version: prometheus/v1\nservice: api\nslos:\n  - name: latency\n    objective: 99\n    sli: { events: { error_query: "sum(rate(slow_total[5m]))", total_query: "sum(rate(all_total[5m]))" } }\n',
    );
    const db = join(dir, 'pulse.duckdb');
    const loaded = await pulse(['--db', db, 'import', 'slo'], { cwd: dir });
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/getting-started\.yml: myservice\/requests-availability\n/);
    expect(loaded.stdout).toMatch(/local\.yaml: api\/latency\n/);
    const kpi = await pulse(['--db', db, 'kpi', 'slo', '--format', 'json'], { cwd: dir });
    const rows = (JSON.parse(kpi.stdout) as { rows: Record<string, unknown>[] }).rows;
    expect(rows.map((r) => [r['slo'], r['period'], r['reason']])).toEqual([
      ['api/latency', 'rolling:28d', expect.stringMatching(/no SLI buckets/)],
      ['myservice/requests-availability', 'rolling:28d', expect.stringMatching(/no SLI buckets/)],
    ]);
    // Offline, without counters: evaluated, no buckets.
    const evaluated = await pulse(['--db', db, 'slo', 'eval', '--source', 'offline', '--slo', 'api/latency'], { cwd: dir });
    expect(evaluated.stdout).toBe('api/latency: 0 buckets from offline\n');
    expect(evaluated.code).toBe(0);
  });

  it('rejects an invalid spec with file, line and reason, exit code 1; bad arguments exit 2', async () => {
    const dir = tempDir('pulse-slo-cli-');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: prometheus/v1\nservice: api\nslos:\n  - name: x\n    objective: 101\n    sli: { raw: { error_ratio_query: "x" } }\n');
    const db = join(dir, 'pulse.duckdb');
    const result = await pulse(['--db', db, 'import', 'slo', bad, join(FIXTURES, 'slo/sloth/examples/no-alerts.yml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:5: slos.0.objective: expected an objective between 0 and 100 %`);
    expect(result.stdout).toMatch(/no-alerts\.yml: myapp\/http-availability/);
    expect((await pulse(['--db', db, 'import', 'slo', bad, '--sloth-period', '7x'])).code).toBe(2);
    expect((await pulse(['--db', db, 'import', 'slo', join(dir, 'missing.yaml')])).stderr).toMatch(/missing\.yaml: no such file/);
    expect((await pulse(['--db', db, 'slo', 'eval', '--slo', 'nope/none'])).code).toBe(2);
    expect((await pulse(['--db', db, 'slo', 'eval', '--source', 'prometheus'])).stderr).toMatch(/give --prometheus URL or slo\.prometheus\.url/);
  });
});
