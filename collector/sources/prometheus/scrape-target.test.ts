import { describe, expect, it } from 'vitest';
import { buildTargets, parseTargetGroups, scrapeSettings, TargetGroupError } from './scrape-target.ts';

function groupError(text: string, format: 'json' | 'yaml'): string {
  try {
    parseTargetGroups(text, format);
  } catch (error) {
    if (error instanceof TargetGroupError) return error.message;
    throw error;
  }
  throw new Error('expected a TargetGroupError');
}

describe('target groups', () => {
  it('reads the file_sd format in JSON and YAML', () => {
    const json = '[{"targets": ["gpu-1:9400", "gpu-2:9400"], "labels": {"cluster": "train"}}, {"targets": ["[::1]:9400"]}]';
    const yaml = '- targets: ["gpu-1:9400", "gpu-2:9400"]\n  labels:\n    cluster: train\n- targets: ["[::1]:9400"]\n';
    const expected = [
      { targets: ['gpu-1:9400', 'gpu-2:9400'], labels: { cluster: 'train' } },
      { targets: ['[::1]:9400'], labels: {} },
    ];
    expect(parseTargetGroups(json, 'json')).toEqual(expected);
    expect(parseTargetGroups(yaml, 'yaml')).toEqual(expected);
    expect(parseTargetGroups('', 'yaml')).toEqual([]);
  });

  it('says where a group is invalid', () => {
    expect(groupError('[{"targets": ["http://gpu-1:9400/metrics"]}]', 'json')).toMatch(/^0\.targets\.0: host:port/);
    expect(groupError('[{"targets": [], "labels": {"bad-name": "x"}}]', 'json')).toMatch(/^0\.labels/);
    expect(groupError('[{"targets": [], "labels": {"__scheme__": "ftp"}}]', 'json')).toMatch(/__scheme__/);
    expect(groupError('{"targets": []}', 'json')).toMatch(/^the document/);
    expect(groupError('[{', 'json')).toMatch(/^invalid JSON/);
    expect(groupError('- targets: [a\n', 'yaml')).toMatch(/^invalid YAML/);
  });
});

describe('buildTargets', () => {
  it('gives each address a URL, job and instance, with job labels under group labels', () => {
    const settings = scrapeSettings({ job: 'dcgm', labels: { region: 'eu', cluster: 'default' } });
    const targets = buildTargets([{ targets: ['gpu-1:9400'], labels: { cluster: 'train' } }], settings);
    expect(targets).toEqual([{ url: 'http://gpu-1:9400/metrics', job: 'dcgm', labels: { job: 'dcgm', region: 'eu', cluster: 'train', instance: 'gpu-1:9400' }, settings }]);
  });

  it('applies __scheme__, __metrics_path__ and __param_* and hides other __ labels', () => {
    const settings = scrapeSettings({ job: 'node', scheme: 'http' });
    const [target] = buildTargets([{ targets: ['h:8443'], labels: { __scheme__: 'https', __metrics_path__: '/probe', __param_module: 'gpu', __meta_x: 'y', job: 'override', instance: 'h' } }], settings);
    expect(target?.url).toBe('https://h:8443/probe?module=gpu');
    expect(target?.labels).toEqual({ job: 'override', instance: 'h' });
    expect(target?.job).toBe('override');
  });
});
