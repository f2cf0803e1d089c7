import { describe, expect, it } from 'vitest';
import type { AllocationRow } from './allocations.ts';
import { allocationIntervals, mergeAllocations, presenceOf } from './allocations.ts';
import type { PodRef } from './unit.ts';
import { podKey } from './unit.ts';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (minute: number, second = 0): number => T0 + minute * M + second * 1000;
const A: PodRef = { namespace: 'ml', pod: 'train-0', container: 'trainer' };
const B: PodRef = { namespace: 'ml', pod: 'train-1', container: 'trainer' };
const options = { gapMs: 60_000, newestMinute: at(10), timeSlicingReplicas: null, source: 'dcgm' };

function seen(...entries: [PodRef, number[]][]): Map<string, { pod: PodRef; ts: number[] }> {
  return new Map(entries.map(([pod, ts]) => [podKey(pod), { pod, ts }]));
}

describe('allocationIntervals', () => {
  it('holds a unit from the first minute with pod labels to the first minute seen without them', () => {
    const presence = presenceOf('GPU-1', '', seen([A, [at(0, 10), at(1, 10), at(2, 10)]]), [at(3, 10), at(4, 10)]);
    expect(allocationIntervals([presence], options)).toEqual([
      { gpuUuid: 'GPU-1', gpuInstance: '', namespace: 'ml', pod: 'train-0', container: 'trainer', podGpus: 1, share: 1, startMs: at(0), endMs: at(3), source: 'dcgm' },
    ]);
  });

  it('keeps a run reaching the newest minute open, and ends one at a telemetry gap', () => {
    const open = presenceOf('GPU-1', '', seen([A, [at(8), at(9), at(10)]]), []);
    expect(allocationIntervals([open], options)[0]?.endMs).toBeNull();
    const gap = presenceOf('GPU-1', '', seen([A, [at(1), at(2), at(6), at(7)]]), []);
    expect(allocationIntervals([gap], options).map((a) => [a.startMs, a.endMs])).toEqual([
      [at(1), at(3)],
      [at(6), at(8)],
    ]);
  });

  it('gives time-sliced pods their share and multi-GPU pods their GPU count', () => {
    const sliced = presenceOf('GPU-1', '', seen([A, [at(0), at(1)]], [B, [at(0), at(1)]]), []);
    expect(allocationIntervals([sliced], options).map((a) => a.share)).toEqual([0.5, 0.5]);
    expect(allocationIntervals([sliced], { ...options, timeSlicingReplicas: 4 }).map((a) => a.share)).toEqual([0.25, 0.25]);
    const ddp = [presenceOf('GPU-1', '', seen([A, [at(0)]]), []), presenceOf('GPU-2', '', seen([A, [at(0)]]), [])];
    expect(allocationIntervals(ddp, options).map((a) => a.podGpus)).toEqual([2, 2]);
  });
});

describe('allocationIntervals of a single scrape', () => {
  it('opens a run per pod present at the newest minute and closes it a minute later otherwise', () => {
    const scrape = (minute: number) => [
      presenceOf('GPU-1', '', seen([A, [at(minute, 7)]], [B, [at(minute, 7)]]), []),
      presenceOf('GPU-2', '', seen([A, [at(minute, 7)]]), []),
      presenceOf('GPU-3', '', new Map(), [at(minute, 7)]),
    ];
    const rows = (minute: number) => allocationIntervals(scrape(minute), options).map((a) => [a.gpuUuid, a.pod, a.podGpus, a.share, a.startMs, a.endMs]);
    expect(rows(10)).toEqual([
      ['GPU-1', 'train-0', 2, 0.5, at(10), null],
      ['GPU-1', 'train-1', 1, 0.5, at(10), null],
      ['GPU-2', 'train-0', 2, 1, at(10), null],
    ]);
    expect(rows(4).map((r) => r[5])).toEqual([at(5), at(5), at(5)]);
  });
});

describe('mergeAllocations', () => {
  const row = (startMinute: number, endMinute: number | null, pod = 'train-0'): AllocationRow => ({
    gpuUuid: 'GPU-1',
    gpuInstance: '',
    namespace: 'ml',
    pod,
    container: 'trainer',
    podGpus: 1,
    share: 1,
    startMs: at(startMinute),
    endMs: endMinute === null ? null : at(endMinute),
    source: 'dcgm',
  });
  const first = new Map([['GPU-1\u0000', at(5)]]);

  it('continues a stored open interval with the next scrape, writing nothing when nothing changed', () => {
    expect(mergeAllocations([row(0, null)], [row(5, null)], first, M)).toEqual({ remove: [], add: [] });
  });

  it('closes a stored open interval at the first minute the batch saw the unit without the pod', () => {
    const { remove, add } = mergeAllocations([row(0, null)], [row(5, null, 'train-1')], first, M);
    expect(remove).toEqual([row(0, null)]);
    expect(add.map((a) => [a.pod, a.startMs, a.endMs])).toEqual([
      ['train-0', at(0), at(5)],
      ['train-1', at(5), null],
    ]);
  });

  it('joins touching intervals of one holder, and the later one decides the end', () => {
    const { add } = mergeAllocations([row(0, 5)], [row(5, 9)], first, M);
    expect(add.map((a) => [a.startMs, a.endMs])).toEqual([[at(0), at(9)]]);
  });
});
