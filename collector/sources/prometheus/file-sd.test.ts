import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSdDiscovery, nodeFileSystem, type FileSdFileSystem } from './file-sd.ts';
import { scrapeSettings } from './scrape-target.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-file-sd-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The node file system, counting reads. */
function countingFs(): FileSdFileSystem & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    stat: (path) => nodeFileSystem.stat(path),
    readFile: (path) => {
      reads.push(path);
      return nodeFileSystem.readFile(path);
    },
  };
}

describe('FileSdDiscovery', () => {
  it('reads JSON and YAML files, and re-reads a file only when it changes', async () => {
    const json = join(dir, 'dcgm.json');
    const yaml = join(dir, 'more.yaml');
    writeFileSync(json, JSON.stringify([{ targets: ['gpu-1:9400'], labels: { cluster: 'train' } }]));
    writeFileSync(yaml, '- targets: [gpu-2:9400]\n');
    const fs = countingFs();
    const discovery = new FileSdDiscovery([json, yaml], scrapeSettings({ job: 'dcgm' }), fs);

    const first = await discovery.refresh();
    expect(first.errors).toEqual([]);
    expect(first.targets.map((t) => [t.url, t.labels])).toEqual([
      ['http://gpu-1:9400/metrics', { job: 'dcgm', cluster: 'train', instance: 'gpu-1:9400' }],
      ['http://gpu-2:9400/metrics', { job: 'dcgm', instance: 'gpu-2:9400' }],
    ]);
    await discovery.refresh();
    expect(fs.reads).toHaveLength(2);

    writeFileSync(json, JSON.stringify([{ targets: ['gpu-1:9400', 'gpu-3:9400'] }]));
    const second = await discovery.refresh();
    expect(second.targets.map((t) => t.labels.instance)).toEqual(['gpu-1:9400', 'gpu-3:9400', 'gpu-2:9400']);
    expect(fs.reads).toHaveLength(3);
  });

  it('keeps the last good targets of a broken file and reports it; a removed file has none', async () => {
    const file = join(dir, 'targets.yml');
    writeFileSync(file, '- targets: [gpu-1:9400]\n');
    const discovery = new FileSdDiscovery([file], scrapeSettings({ job: 'dcgm' }));
    await discovery.refresh();

    writeFileSync(file, '- targets: [gpu-1:9400\n  labels: {{\n');
    const broken = await discovery.refresh();
    expect(broken.targets.map((t) => t.labels.instance)).toEqual(['gpu-1:9400']);
    expect(broken.errors).toEqual([{ file, message: expect.stringMatching(/^invalid YAML: .*\(keeping the previous targets\)$/s) as unknown }]);

    rmSync(file);
    expect(await discovery.refresh()).toEqual({ targets: [], errors: [{ file, message: 'file not found' }] });
  });

  it('reports a file of the wrong shape or extension without targets', async () => {
    const file = join(dir, 'targets.json');
    writeFileSync(file, JSON.stringify([{ targets: ['http://gpu-1:9400'] }]));
    const snapshot = await new FileSdDiscovery([file, join(dir, 'targets.txt')], scrapeSettings({ job: 'dcgm' })).refresh();
    expect(snapshot.targets).toEqual([]);
    expect(snapshot.errors.map((e) => e.message)).toEqual(['0.targets.0: host:port without scheme, path or credentials', 'file_sd files must end in .json, .yml or .yaml']);
  });
});
