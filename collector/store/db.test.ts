import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openStore, STORAGE_VERSION, StoreLockedError } from './db.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { StoreWriter } from './writer.ts';
import { ROOT, tempDir } from '../../test/helpers.ts';

describe('migrations', () => {
  it('create every domain table on an empty file and are a no-op on a current one', async () => {
    const file = join(tempDir(), 'm.duckdb');
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const store = await openStore(file);
    const tables = (await store.connection.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")).getRowObjectsJS().map((r) => r['table_name']);
    for (const t of ['ingest_runs', 'teams', 'ownership_rules', 'series', 'samples', 'gpus', 'gpu_minute', 'gpu_allocations', 'cost_line', 'usage_metric', 'gpu_price', 'raw_events', 'deployments', 'deployment_changes', 'incidents', 'incident_deployment_links', 'pipeline_runs', 'pull_requests', 'slos', 'slo_buckets', 'alert_episodes', 'alert_acks']) {
      expect(tables).toContain(t);
    }
    await store.connection.run("INSERT INTO teams VALUES ('search', 'Search')");
    expect(await migrate(store.connection)).toEqual([]);
    store.close();
    const again = await openStore(file);
    const version = (await again.connection.runAndReadAll('SELECT max(version) AS v FROM schema_version')).getRowObjectsJS()[0]?.['v'];
    expect(version).toBe(migrations.length);
    expect((await again.connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM teams')).getRowObjectsJS()[0]?.['n']).toBe(1);
    again.close();
  });

  it('move raw GPU readings stored by name to their unit and signal numbers (0013)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const store = { connection: await instance.connect(), close: () => instance.closeSync() };
    try {
      const migrations = loadMigrations();
      await migrate(store.connection, migrations.filter((m) => m.version < 13));
      const before = [
        ['GPU-a', '', '2026-03-02 10:00:00+00', 'power_w', 412.5, 'dcgm'],
        ['GPU-a', '', '2026-03-02 10:00:15+00', 'energy_mj', 1e9, 'dcgm'],
        ['GPU-b', '3', '2026-03-02 10:00:00+00', 'prof_gr_engine', null, 'dcgm'],
        ['GPU-c', '', '2026-03-02 10:00:00+00', 'smi_util', 0.25, 'nvidia-smi'],
      ] as const;
      for (const row of before) await store.connection.run('INSERT INTO gpu_samples VALUES ($1, $2, $3::TIMESTAMPTZ, $4, $5, $6)', [...row]);
      const named = 'SELECT gpu_uuid, gpu_instance, strftime(ts, \'%Y-%m-%d %H:%M:%S+00\') AS ts, metric, value, source FROM {} ORDER BY ALL';
      const old = (await store.connection.runAndReadAll(named.replace('{}', 'gpu_samples'))).getRowObjectsJS();
      await migrate(store.connection, migrations);
      expect((await store.connection.runAndReadAll(named.replace('{}', 'gpu_sample_rows'))).getRowObjectsJS()).toEqual(old);
      expect(old).toHaveLength(before.length);
      const units = (await store.connection.runAndReadAll('SELECT count(*)::INTEGER AS n, count(DISTINCT unit_id)::INTEGER AS ids FROM gpu_units')).getRowObjectsJS();
      expect(units).toEqual([{ n: 3, ids: 3 }]);
    } finally {
      store.close();
    }
  });

  it('write a new file in the storage format of STORAGE_VERSION', async () => {
    const store = await openStore(join(tempDir(), 'v.duckdb'));
    try {
      const setting = (await store.connection.runAndReadAll("SELECT current_setting('storage_compatibility_version') AS v")).getRowObjectsJS();
      expect(setting).toEqual([{ v: STORAGE_VERSION }]);
    } finally {
      store.close();
    }
  });

  it('roll back a failing migration whole and name it', async () => {
    const store = await openStore(':memory:');
    await expect(
      migrate(store.connection, [{ version: 99, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;' }]),
    ).rejects.toThrow(/migration 0099_broken failed/);
    const exists = (await store.connection.runAndReadAll("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'half_done'")).getRowObjectsJS()[0]?.['n'];
    expect(exists).toBe(0);
    store.close();
  });

  it('keep the migrations before a failing one, name the failing one, and stop there', async () => {
    const store = await openStore(':memory:');
    try {
      const pending = [
        { version: 97, name: 'fine', sql: 'CREATE TABLE fine (x INTEGER); -- a comment on the last line' },
        { version: 98, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table' },
        { version: 99, name: 'after', sql: 'CREATE TABLE after_broken (x INTEGER)' },
      ];
      await expect(migrate(store.connection, pending)).rejects.toThrow(/migration 0098_broken failed: .*no_such_table/);
      const tables = (await store.connection.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE table_name IN ('fine', 'half_done', 'after_broken')")).getRowObjectsJS();
      expect(tables).toEqual([{ table_name: 'fine' }]);
      const versions = (await store.connection.runAndReadAll('SELECT version FROM schema_version WHERE version > 90')).getRowObjectsJS();
      expect(versions).toEqual([{ version: 97 }]);
      // The connection is usable again, and a fixed migration applies on the next run.
      expect((await migrate(store.connection, [pending[0], { ...pending[1], sql: 'CREATE TABLE half_done (x INTEGER)' }] as typeof pending)).map((m) => m.version)).toEqual([98]);
    } finally {
      store.close();
    }
  });
});

describe('writer', () => {
  it('keeps a batch whole: an error rolls back every row of the transaction', async () => {
    const store = await openStore(':memory:');
    const writer = new StoreWriter(store.connection);
    await expect(
      writer.transaction(async () => {
        await writer.appendRows('teams', [{ team: 'a', display_name: 'A' }]);
        await writer.appendRows('teams', [{ team: 'b', display_name: 42 }]);
      }),
    ).rejects.toThrow(/teams\.display_name: expected a string, got 42/);
    expect((await store.connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM teams')).getRowObjectsJS()[0]?.['n']).toBe(0);
    store.close();
  });

  it('stores money exactly and timestamps in UTC', async () => {
    const store = await openStore(':memory:');
    const writer = new StoreWriter(store.connection);
    await writer.appendRows('gpu_price', [
      { provider: 'AWS', instance_type: 'p5.48xlarge', region: 'us-east-1', gpu_model: 'H100', gpus_per_instance: 8, price_per_hour: '98.320000000001', currency: 'USD', as_of: '2026-06-01', source: 'test' },
    ]);
    await writer.appendRows('usage_metric', [{ metric: 'm', service: 's', window_start: Date.parse('2026-01-01T00:00:00Z'), window_end: '2026-01-02T00:00:00+01:00', value: 1, source: 't' }]);
    const price = (await store.connection.runAndReadAll("SELECT price_per_hour::VARCHAR AS p, as_of::VARCHAR AS d FROM gpu_price WHERE source = 'test'")).getRowObjectsJS()[0];
    expect(price).toEqual({ p: '98.320000000001', d: '2026-06-01' });
    const w = (await store.connection.runAndReadAll("SELECT epoch(window_end)::BIGINT AS e FROM usage_metric")).getRowObjectsJS()[0]?.['e'];
    expect(w).toBe(BigInt(Date.parse('2026-01-01T23:00:00Z') / 1000));
    await expect(writer.appendRows('gpu_price', [{ provider: 'x', instance_type: 'y', region: 'r', gpu_model: 'm', gpus_per_instance: 1, price_per_hour: '1.0000000000001', currency: 'USD', as_of: '2026-01-01', source: 's' }])).rejects.toThrow(/at most 12 decimals/);
    store.close();
  });
});

describe('one writer per file', () => {
  it('names the file and the holding process when another process has the database open', async () => {
    const file = join(tempDir(), 'locked.duckdb');
    (await openStore(file)).close();
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { openStore } = await import(${JSON.stringify(join(ROOT, 'collector/store/db.ts'))});
      await openStore(${JSON.stringify(file)});
      console.log('holding');
      setInterval(() => {}, 1000);`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => holder.stdout.on('data', (d: Buffer) => d.toString().includes('holding') && resolve()));
      const error = await openStore(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain(`PID ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
