import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { emptyBatch, type CommitRow, type DeliveryBatch, type DeploymentRow } from './model.ts';
import { deriveDelivery } from './derive.ts';
import { writeBatch } from './store.ts';

let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

const H = 3_600_000;
const deployment = (id: string, hour: number, sha: string, extra: Partial<DeploymentRow> = {}): DeploymentRow => ({
  deployment_id: id,
  service: 'svc',
  environment: 'production',
  status: 'success',
  kind: 'normal',
  kind_derived: true,
  started_at: null,
  finished_at: hour * H,
  commit_sha: sha,
  rollback_of: null,
  source: 'test',
  ...extra,
});
const commit = (sha: string, extra: Partial<CommitRow> = {}): CommitRow => ({ sha, service: 'svc', authored_at: 0, committed_at: null, author: null, pr: null, incident_id: null, source: 'test', ...extra });

async function write(batch: Partial<DeliveryBatch>): Promise<number> {
  const s = store as Store;
  const writer = new StoreWriter(s.connection);
  return writer.transaction(async () => {
    const summary = await writeBatch(writer, s.connection, { ...emptyBatch(), ...batch });
    await deriveDelivery(writer, s.connection, summary, 24 * H);
    return summary.rows;
  });
}
const rows = async (sql: string): Promise<Record<string, unknown>[]> => (await (store as Store).connection.runAndReadAll(sql)).getRowObjectsJS();

describe('writeBatch and deriveDelivery', () => {
  it('stores a raw event once per delivery id', async () => {
    store = await openStore(':memory:');
    const raw = { source: 'test', delivery_id: 'd-1', event_type: 'x', received_at: 0, body_sha256: 'abc', body: '{}' };
    await write({ raw: [raw] });
    await write({ raw: [raw, { ...raw, delivery_id: 'd-2' }] });
    expect(await rows('SELECT delivery_id FROM raw_events ORDER BY 1')).toEqual([{ delivery_id: 'd-1' }, { delivery_id: 'd-2' }]);
  });

  it('upserts deployments by id, the last version winning, and replaces a change set whole', async () => {
    store = await openStore(':memory:');
    await write({ deployments: [deployment('d1', 1, 'a'), deployment('d1', 1, 'a', { status: 'failure' })], changeSets: [{ deployment_id: 'd1', commit_shas: ['a', 'b', 'a'], source: 'test' }] });
    await write({ deployments: [deployment('d1', 2, 'a')], changeSets: [{ deployment_id: 'd1', commit_shas: ['c'], source: 'test' }] });
    expect(await rows('SELECT deployment_id, status, epoch_ms(finished_at)::INTEGER AS f FROM deployments')).toEqual([{ deployment_id: 'd1', status: 'success', f: 2 * H }]);
    expect(await rows('SELECT commit_sha FROM deployment_changes')).toEqual([{ commit_sha: 'c' }]);
  });

  it('merges commits: a later row fills in what it knows and keeps the rest', async () => {
    store = await openStore(':memory:');
    await write({ commits: [commit('a', { pr: 'svc#1', incident_id: 'inc-1' })] });
    await write({ commits: [commit('a', { author: 'dev', authored_at: 5 })] });
    expect(await rows('SELECT pr, incident_id, author, epoch_ms(authored_at)::INTEGER AS t FROM commits')).toEqual([{ pr: 'svc#1', incident_id: 'inc-1', author: 'dev', t: 5 }]);
  });

  it('derives kinds again when an earlier deployment arrives late, and never changes a stated kind', async () => {
    store = await openStore(':memory:');
    await write({ deployments: [deployment('d1', 1, 'a'), deployment('d3', 3, 'a'), deployment('h', 4, 'z', { kind: 'hotfix', kind_derived: false })] });
    expect(await rows("SELECT kind FROM deployments WHERE deployment_id = 'd3'")).toEqual([{ kind: 'redeploy' }]);
    await write({ deployments: [deployment('d2', 2, 'b')] });
    expect(await rows('SELECT deployment_id, kind, rollback_of FROM deployments ORDER BY finished_at')).toEqual([
      { deployment_id: 'd1', kind: 'normal', rollback_of: null },
      { deployment_id: 'd2', kind: 'normal', rollback_of: null },
      { deployment_id: 'd3', kind: 'rollback', rollback_of: 'd2' },
      { deployment_id: 'h', kind: 'hotfix', rollback_of: null },
    ]);
  });
});
