import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../../dashboards/load.ts';
import { QUERIES_DIR } from '../../../queries/registry.ts';
import { registerCheck } from './check.ts';

describe('registerCheck', () => {
  it('defaults to the dashboards and queries directories the loaders read', () => {
    const program = new Command('pulse');
    registerCheck(program);
    const check = program.commands.find((c) => c.name() === 'check');
    const defaults = new Map(check?.options.map((o) => [o.long, o.defaultValue as unknown]));
    expect(defaults.get('--dashboards')).toBe(DASHBOARDS_DIR);
    expect(defaults.get('--queries')).toBe(QUERIES_DIR);
  });
});
