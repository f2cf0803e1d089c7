import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, formatProblem } from './load.ts';
import { parseYamlWith } from './parse-yaml.ts';
import { configSchema } from './schema.ts';
import { DEFAULT_CONFIG } from './defaults.ts';
import { tempDir } from '../../test/helpers.ts';

describe('pulse.yaml', () => {
  it('loads a valid file with defaults filled in', () => {
    const { value, problems } = parseYamlWith(
      'pulse.yaml',
      'version: 1\ntimezone: Europe/Paris\ngpu:\n  thresholds:\n    idle_activity: 0.02\nteams:\n  - { id: search, name: Search }\nownership:\n  - { namespace: search, team: search }\n',
      configSchema,
    );
    expect(problems).toEqual([]);
    expect(value?.gpu.thresholds.idle_activity).toBe(0.02);
    expect(value?.gpu.thresholds.idle_power_baseline_factor).toBe(1.3);
    expect(value?.serve).toEqual({ host: '127.0.0.1', port: 7420, token_env: 'PULSE_API_TOKEN' });
  });

  it('names the file, line and path of every problem and what was expected', () => {
    const text = ['version: 1', 'timezone: Moon/Base', 'gpu:', '  thresholds:', '    idle_activity: 3', 'serve:', '  port: "eighty"', '  colour: blue', ''].join('\n');
    const { value, problems } = parseYamlWith('/etc/pulse.yaml', text, configSchema);
    expect(value).toBeNull();
    const lines = problems.map(formatProblem);
    expect(lines).toContain('/etc/pulse.yaml:2: timezone: expected an IANA time zone such as Europe/Paris');
    expect(lines).toContain('/etc/pulse.yaml:5: gpu.thresholds.idle_activity: expected at most 1, got 3');
    expect(lines).toContain('/etc/pulse.yaml:7: serve.port: expected number, got "eighty"');
    expect(lines).toContain('/etc/pulse.yaml:8: serve: unknown key colour');
  });

  it('refuses secrets written into the file and accepts environment variable names', () => {
    const { problems } = parseYamlWith('pulse.yaml', 'version: 1\nserve:\n  token: hunter2\n', configSchema);
    expect(problems.map(formatProblem)).toEqual([
      'pulse.yaml:3: serve.token: secrets are not kept in config files: name an environment variable instead (e.g. token_env: MY_TOKEN)',
    ]);
    expect(parseYamlWith('pulse.yaml', 'version: 1\nserve:\n  token_env: pulse-token\n', configSchema).problems[0]?.message).toMatch(/environment variable name/);
  });

  it('reports YAML syntax errors with their line', () => {
    const { problems } = parseYamlWith('p.yaml', 'version: 1\nteams: [a, b\n', configSchema);
    expect(problems[0]?.file).toBe('p.yaml');
    expect(problems[0]?.message).toMatch(/invalid YAML/);
    expect(problems[0]?.line).toBeGreaterThan(0);
  });

  it('uses defaults without a file unless one was named', async () => {
    const dir = tempDir();
    expect(await loadConfig(join(dir, 'pulse.yaml'), false)).toBe(DEFAULT_CONFIG);
    await expect(loadConfig(join(dir, 'pulse.yaml'), true)).rejects.toThrow(ConfigError);
    writeFileSync(join(dir, 'bad.yaml'), 'version: 2\n');
    await expect(loadConfig(join(dir, 'bad.yaml'), true)).rejects.toThrow(/bad\.yaml:1: version: expected/);
    writeFileSync(join(dir, 'serve.yaml'), 'version: 1\nserve:\n  port: 7421\n');
    expect((await loadConfig(join(dir, 'serve.yaml'), true)).serve).toEqual({ ...DEFAULT_CONFIG.serve, port: 7421 });
  });

  it('has written-out defaults equal to what the schema gives an empty file', () => {
    expect(DEFAULT_CONFIG).toEqual(configSchema.parse({ version: 1 }));
  });
});
