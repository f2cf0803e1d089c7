import { describe, expect, it } from 'vitest';
import { NvidiaSmiParseError } from './errors.ts';
import { parseQueryGpuCsv } from './query-csv.ts';
import { toGpuReadings } from './readings.ts';
import { queryGpuBlocks, readGpuFixture } from './test-fixtures.ts';
import { parseNvidiaSmiXml } from './xml.ts';

const xmlFixture = (name: string): string => readGpuFixture(`nvidia-smi-xml/telegraf/${name}`);

function captureRows(capture: string, state: string): ReturnType<typeof parseQueryGpuCsv> {
  const csv = queryGpuBlocks(readGpuFixture(`nvidia-smi-captures/linux-x86_64__${capture}.txt`)).find(
    (b) => b.state === state,
  )?.csv;
  if (csv === undefined) throw new Error(`no ${state} block in ${capture}`);
  return parseQueryGpuCsv(csv, { timeZone: 'UTC' });
}

describe('toGpuReadings from -q -x', () => {
  it('maps a whole GPU with its utilization as activity (tesla-t4.xml)', () => {
    const readings = toGpuReadings(parseNvidiaSmiXml(xmlFixture('tesla-t4.xml'), { timeZone: 'UTC' }));
    expect(readings).toEqual([
      {
        uuid: 'GPU-d37e67a5-91dd-3774-a5cb-99096249601a',
        gpuInstanceId: null,
        scope: 'gpu',
        time: '2023-04-24T16:22:39.000Z',
        activity: 0,
        activitySource: 'smi_util',
        memoryUsedMiB: 1032,
        memoryTotalMiB: 15360,
        powerW: 26.78,
        powerLimitW: 70,
        smClockMHz: 585,
        gpuIdle: false,
        model: 'Tesla T4',
        pciBusId: '00000000:00:1E.0',
      },
    ]);
  });

  it('maps a MIG GPU to its parent and one reading per GPU instance (a100-sxm4-v12.xml)', () => {
    const readings = toGpuReadings(parseNvidiaSmiXml(xmlFixture('a100-sxm4-v12.xml'), { timeZone: 'UTC' }));
    const uuid = 'GPU-513536b6-7d19-9063-b049-1e69664bb298';
    expect(readings).toHaveLength(5);
    expect(readings[0]).toMatchObject({
      uuid,
      gpuInstanceId: null,
      scope: 'mig_parent',
      activity: null,
      activitySource: null,
      powerW: 67.03,
      powerLimitW: 500,
      smClockMHz: 1275,
      gpuIdle: false,
      memoryUsedMiB: 50,
    });
    const instances = readings.slice(1);
    expect(instances.map((r) => [r.uuid, r.gpuInstanceId, r.scope, r.memoryUsedMiB, r.memoryTotalMiB])).toEqual([
      [uuid, 3, 'mig_instance', 12, 19968],
      [uuid, 4, 'mig_instance', 12, 19968],
      [uuid, 5, 'mig_instance', 12, 19968],
      [uuid, 6, 'mig_instance', 12, 19968],
    ]);
    for (const instance of instances) {
      expect(instance).toMatchObject({
        time: '2023-08-04T11:44:30.000Z',
        activity: null,
        powerW: null,
        smClockMHz: null,
        gpuIdle: null,
        model: 'NVIDIA A100-SXM4-80GB',
        pciBusId: '00000000:01:00.0',
      });
    }
  });

  it('makes one reading per GPU instance when it holds several compute instances', () => {
    const device = (ci: number, used: number): string =>
      `<mig_device><gpu_instance_id>1</gpu_instance_id><compute_instance_id>${ci}</compute_instance_id>` +
      `<fb_memory_usage><total>71424 MiB</total><used>${used} MiB</used></fb_memory_usage></mig_device>`;
    const xml =
      '<nvidia_smi_log><gpu id="00000000:83:00.0"><uuid>GPU-1</uuid><mig_mode><current_mig>Enabled</current_mig>' +
      `</mig_mode><mig_devices>${device(0, 100)}${device(1, 100)}</mig_devices></gpu></nvidia_smi_log>`;
    const readings = toGpuReadings(parseNvidiaSmiXml(xml));
    expect(readings.map((r) => [r.scope, r.gpuInstanceId, r.memoryUsedMiB])).toEqual([
      ['mig_parent', null, null],
      ['mig_instance', 1, 100],
    ]);
  });

  it('refuses a GPU without uuid', () => {
    const xml = '<nvidia_smi_log><gpu id="00000000:01:00.0"><uuid>N/A</uuid></gpu></nvidia_smi_log>';
    expect(() => toGpuReadings(parseNvidiaSmiXml(xml))).toThrow(NvidiaSmiParseError);
    expect(() => toGpuReadings(parseNvidiaSmiXml(xml))).toThrow(/gpu\[00000000:01:00.0\]: expected a GPU uuid/);
  });
});

describe('toGpuReadings from --query-gpu', () => {
  it('maps the H100 under gpu-burn', () => {
    expect(toGpuReadings(captureRows('nvidia-h100-80gb-hbm3__590.48.01', 'load'))).toEqual([
      {
        uuid: 'GPU-00000000-0000-0000-0000-000000000000',
        gpuInstanceId: null,
        scope: 'gpu',
        time: '2026-07-14T08:12:53.353Z',
        activity: 1,
        activitySource: 'smi_util',
        memoryUsedMiB: 19818,
        memoryTotalMiB: 81559,
        powerW: 631.95,
        powerLimitW: 700,
        smClockMHz: 1980,
        gpuIdle: false,
        model: 'NVIDIA H100 80GB HBM3',
        pciBusId: '00000000:00:09.0',
      },
    ]);
  });

  it('takes the max with encoder utilization so an NVENC load is not idle (L40S)', () => {
    expect(toGpuReadings(captureRows('nvidia-l40s__595.80', 'load'))[0]).toMatchObject({ activity: 0.6 });
  });

  it('has no activity under MIG but keeps the device-wide signals (H100 MIG idle)', () => {
    expect(toGpuReadings(captureRows('nvidia-h100-mig__590.48.01', 'idle'))).toEqual([
      expect.objectContaining({
        scope: 'mig_parent',
        gpuInstanceId: null,
        activity: null,
        activitySource: null,
        powerW: 71.15,
        smClockMHz: 345,
        gpuIdle: true,
      }),
    ]);
  });

  it('refuses rows queried without uuid, naming the line', () => {
    const rows = parseQueryGpuCsv('index, name\n0, Tesla T4\n');
    expect(() => toGpuReadings(rows)).toThrow(/line 2: expected a GPU uuid/);
  });
});
