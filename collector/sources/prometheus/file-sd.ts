/**
 * File-based target discovery in Prometheus' file_sd format (JSON `*.json` or YAML `*.yml`/`*.yaml` holding
 * `[{ targets: ["host:port"], labels: {...} }]`). Call `refresh()` before each scrape cycle: a file is re-read
 * only when its size or modification time changed. As in Prometheus, a file that cannot be read or parsed
 * keeps its last good targets (and is reported); a missing file contributes no targets (and is reported).
 * The file system is injectable.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { buildTargets, parseTargetGroups, type ScrapeSettings, type ScrapeTarget } from './scrape-target.ts';

export interface FileSdFileSystem {
  stat(path: string): Promise<{ readonly mtimeMs: number; readonly size: number }>;
  readFile(path: string): Promise<string>;
}

export const nodeFileSystem: FileSdFileSystem = {
  stat: (path) => stat(path),
  readFile: (path) => readFile(path, 'utf8'),
};

export interface DiscoveryError {
  readonly file: string;
  readonly message: string;
}

export interface DiscoverySnapshot {
  readonly targets: readonly ScrapeTarget[];
  readonly errors: readonly DiscoveryError[];
}

interface FileState {
  readonly version: string;
  readonly targets: readonly ScrapeTarget[];
}

/** The target group format of a file_sd path, by extension. */
export function fileSdFormat(path: string): 'json' | 'yaml' | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yml' || extension === '.yaml') return 'yaml';
  return undefined;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export class FileSdDiscovery {
  private readonly state = new Map<string, FileState>();

  constructor(
    readonly files: readonly string[],
    private readonly settings: ScrapeSettings,
    private readonly fs: FileSdFileSystem = nodeFileSystem,
  ) {}

  /** The targets of all files now, re-reading the files that changed. */
  async refresh(): Promise<DiscoverySnapshot> {
    const targets: ScrapeTarget[] = [];
    const errors: DiscoveryError[] = [];
    for (const file of this.files) {
      const message = await this.refreshFile(file);
      if (message !== undefined) errors.push({ file, message });
      targets.push(...(this.state.get(file)?.targets ?? []));
    }
    return { targets, errors };
  }

  /** Updates one file's state; returns an error message, if any. */
  private async refreshFile(file: string): Promise<string | undefined> {
    const format = fileSdFormat(file);
    if (format === undefined) return 'file_sd files must end in .json, .yml or .yaml';
    let version: string;
    try {
      const info = await this.fs.stat(file);
      version = `${info.mtimeMs}:${info.size}`;
    } catch (error) {
      if (!isMissing(error)) return error instanceof Error ? error.message : String(error);
      this.state.delete(file);
      return 'file not found';
    }
    if (this.state.get(file)?.version === version) return undefined;
    try {
      const groups = parseTargetGroups(await this.fs.readFile(file), format);
      this.state.set(file, { version, targets: buildTargets(groups, this.settings) });
      return undefined;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return this.state.has(file) ? `${reason} (keeping the previous targets)` : reason;
    }
  }
}
