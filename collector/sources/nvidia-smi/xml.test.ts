import { describe, expect, it } from 'vitest';
import { NvidiaSmiParseError } from './errors.ts';
import { listGpuFixtures, readGpuFixture } from './test-fixtures.ts';
import type { NvidiaSmiGpu, NvidiaSmiSnapshot } from './types.ts';
import { parseNvidiaSmiXml } from './xml.ts';

const XML_FIXTURES = listGpuFixtures('nvidia-smi-xml');

function parseFixture(name: string, timeZone?: string): NvidiaSmiSnapshot {
  return parseNvidiaSmiXml(readGpuFixture(`nvidia-smi-xml/telegraf/${name}`), { timeZone });
}

function onlyGpu(snapshot: NvidiaSmiSnapshot): NvidiaSmiGpu {
  expect(snapshot.gpus).toHaveLength(1);
  const [gpu] = snapshot.gpus;
  if (!gpu) throw new Error('no gpu');
  return gpu;
}

describe('every nvidia-smi -q -x fixture', () => {
  it('finds the fixtures', () => expect(XML_FIXTURES.length).toBeGreaterThanOrEqual(12));

  it.each(XML_FIXTURES)('%s parses into typed GPUs', (path) => {
    const xml = readGpuFixture(path);
    const snapshot = parseNvidiaSmiXml(xml, { timeZone: 'UTC' });
    const doctype = /nvsmi_device_v(\d+)\.dtd/.exec(xml)?.[1];
    expect(snapshot.dtdVersion).toBe(doctype === undefined ? null : Number(doctype));
    expect(snapshot.gpus.length).toBeGreaterThan(0);
    for (const gpu of snapshot.gpus) {
      expect(gpu.uuid).toMatch(/^GPU-[0-9a-f-]{36}$/);
      expect(gpu.name).toBeTruthy();
      expect(gpu.pciBusId).toMatch(/^[0-9A-F]{8}:[0-9A-F]{2}:[0-9A-F]{2}\.\d$/);
      expect(gpu.memoryTotalMiB).toBeGreaterThan(0);
      const utils = [gpu.utilGpu, gpu.utilMemory, gpu.utilEncoder, gpu.utilDecoder].filter((u) => u !== null);
      for (const util of utils) expect(util >= 0 && util <= 1).toBe(true);
    }
  });
});

describe('schema generation without a DOCTYPE (driver <= 418)', () => {
  it('reads power_readings and clocks_throttle_reasons (gtx-1660-ti.xml)', () => {
    const snapshot = parseFixture('gtx-1660-ti.xml', 'UTC');
    expect(snapshot).toMatchObject({
      generation: 'no-dtd',
      dtdVersion: null,
      timestampRaw: 'Fri Mar 29 19:19:44 2019',
      time: '2019-03-29T19:19:44.000Z',
      driverVersion: '418.43',
      cudaVersion: '10.1',
      attachedGpus: 1,
    });
    expect(onlyGpu(snapshot)).toMatchObject({
      id: '00000000:43:00.0',
      uuid: 'GPU-304a277d-3545-63b8-3a36-dfde3c992989',
      name: 'Graphics Device',
      serial: null,
      minorNumber: 0,
      pciBusId: '00000000:43:00.0',
      memoryTotalMiB: 5912,
      memoryUsedMiB: 0,
      memoryFreeMiB: 5912,
      utilGpu: 0,
      utilMemory: 0.01,
      powerDrawW: 8.93,
      powerDrawAverageW: null,
      powerLimitW: 130,
      smClockMHz: 300,
      temperatureC: 40,
      gpuIdle: true,
      migMode: null,
      migDevices: [],
      processes: [],
    });
  });

  it('gives null, not 0, for a power draw of N/A (quadro-p400.xml)', () => {
    const gpu = onlyGpu(parseFixture('quadro-p400.xml'));
    expect(gpu.powerDrawW).toBeNull();
    expect(gpu.powerLimitW).toBeNull();
    expect(gpu.utilMemory).toBe(0.03);
  });
});

describe('schema generation DTD v10 / v11 (driver <= 515)', () => {
  it('reads a minimal v10 log without timestamp, driver or <pci> (gtx-1070-ti.xml)', () => {
    const snapshot = parseFixture('gtx-1070-ti.xml', 'UTC');
    expect(snapshot).toMatchObject({ generation: 'v10-v11', dtdVersion: 10, timestampRaw: null, time: null });
    expect(onlyGpu(snapshot)).toMatchObject({
      uuid: 'GPU-f9ba66fc-a7f5-94c5-da19-019ef2f9c665',
      name: 'GeForce GTX 1070 Ti',
      pciBusId: '00000000:01:00.0',
      driverVersion: null,
      memoryUsedMiB: 42,
      utilGpu: 0,
      utilEncoder: null,
      powerDrawW: null,
      smClockMHz: 135,
      gpuIdle: null,
      clockEventReasons: {},
    });
  });

  it('reads processes and the legacy power section (tesla-t4.xml, v11)', () => {
    const snapshot = parseFixture('tesla-t4.xml');
    expect(snapshot).toMatchObject({ generation: 'v10-v11', dtdVersion: 11, driverVersion: '515.105.01' });
    const gpu = onlyGpu(snapshot);
    expect(gpu).toMatchObject({
      uuid: 'GPU-d37e67a5-91dd-3774-a5cb-99096249601a',
      name: 'Tesla T4',
      memoryUsedMiB: 1032,
      powerDrawW: 26.78,
      powerLimitW: 70,
      smClockMHz: 585,
      gpuIdle: false,
      performanceState: 'P0',
    });
    const noMig = { gpuInstanceId: null, computeInstanceId: null };
    expect(gpu.processes).toEqual([
      { pid: 675, type: 'G', name: '/usr/lib/xorg/Xorg', usedMemoryMiB: 22, ...noMig },
      { pid: 5762, type: 'C', name: 'python', usedMemoryMiB: 1005, ...noMig },
    ]);
  });

  it('reads "None" in <mig_devices> and N/A MIG mode as absent (a10g.xml)', () => {
    const gpu = onlyGpu(parseFixture('a10g.xml'));
    expect(gpu).toMatchObject({ migMode: null, migDevices: [], gpuIdle: true, powerDrawW: 25.58, powerLimitW: 300 });
  });
});

describe('schema generation DTD v12 (driver 525-570)', () => {
  it('reads the MIG A100: mig_devices, gpu_util N/A as null, gpu_power_readings (a100-sxm4-v12.xml)', () => {
    const snapshot = parseFixture('a100-sxm4-v12.xml', 'UTC');
    expect(snapshot).toMatchObject({
      generation: 'v12',
      dtdVersion: 12,
      time: '2023-08-04T11:44:30.000Z',
      driverVersion: '535.54.03',
      cudaVersion: '12.2',
      attachedGpus: 4,
    });
    const gpu = onlyGpu(snapshot);
    expect(gpu).toMatchObject({
      uuid: 'GPU-513536b6-7d19-9063-b049-1e69664bb298',
      name: 'NVIDIA A100-SXM4-80GB',
      serial: '1650522003820',
      minorNumber: 1,
      pciBusId: '00000000:01:00.0',
      migMode: 'enabled',
      utilGpu: null,
      utilMemory: null,
      utilEncoder: null,
      utilDecoder: null,
      memoryTotalMiB: 81920,
      memoryUsedMiB: 50,
      memoryFreeMiB: 80999,
      powerDrawW: 67.03,
      powerLimitW: 500,
      smClockMHz: 1275,
      temperatureC: 27,
      gpuIdle: false,
      processes: [],
    });
    expect(gpu.migDevices).toHaveLength(4);
    expect(gpu.migDevices.map((d) => d.gpuInstanceId)).toEqual([3, 4, 5, 6]);
    expect(gpu.migDevices[0]).toEqual({
      index: 0,
      gpuInstanceId: 3,
      computeInstanceId: 0,
      multiprocessorCount: 14,
      memoryTotalMiB: 19968,
      memoryUsedMiB: 12,
      memoryFreeMiB: 19955,
    });
  });

  it('falls back to power_readings and clocks_throttle_reasons on 525 drivers (quadro-p2000-v12.xml)', () => {
    const gpu = onlyGpu(parseFixture('quadro-p2000-v12.xml'));
    expect(gpu).toMatchObject({ powerDrawW: 4.61, powerLimitW: 75, gpuIdle: true, smClockMHz: 139 });
  });

  it('reads average_power_draw / instant_power_draw of 570 drivers (rtx-3060-v12.xml)', () => {
    const gpu = onlyGpu(parseFixture('rtx-3060-v12.xml'));
    expect(gpu).toMatchObject({
      driverVersion: '570.124.04',
      powerDrawW: 11.6,
      powerDrawAverageW: 11.6,
      powerDrawInstantW: 11.63,
      powerLimitW: 170,
      gpuIdle: true,
    });
  });

  it('reads Windows output with minor_number N/A and five processes (rtx-3080-v12.xml)', () => {
    const gpu = onlyGpu(parseFixture('rtx-3080-v12.xml'));
    expect(gpu).toMatchObject({ minorNumber: null, utilMemory: 0.37, powerDrawW: 22.78, powerLimitW: 336 });
    expect(gpu.processes.map((p) => p.pid)).toEqual([835, 1481, 2214, 4044, 42416]);
  });
});

describe('schema generation DTD v13 (driver >= 580)', () => {
  it('reads a loaded RTX 3080 (rtx-3080-v13.xml)', () => {
    const snapshot = parseFixture('rtx-3080-v13.xml', 'Europe/Berlin');
    expect(snapshot).toMatchObject({
      generation: 'v13',
      dtdVersion: 13,
      timestampRaw: 'Fri Apr 10 10:23:01 2026',
      time: '2026-04-10T08:23:01.000Z',
      driverVersion: '595.58.03',
      cudaVersion: '13.2',
    });
    const gpu = onlyGpu(snapshot);
    expect(gpu).toMatchObject({
      uuid: 'GPU-19d6d965-2acc-f646-00f8-4c76979aabb4',
      serial: 'REDACTED',
      utilGpu: 0.65,
      utilMemory: 0.09,
      memoryUsedMiB: 9184,
      memoryTotalMiB: 10240,
      powerDrawW: 139.62,
      powerDrawAverageW: 139.62,
      powerDrawInstantW: 142.33,
      powerLimitW: 320,
      smClockMHz: 1950,
      gpuIdle: false,
      performanceState: 'P2',
    });
    expect(gpu.clockEventReasons).toMatchObject({ gpu_idle: false, sw_power_cap: false, sync_boost: false });
  });

  it('reads C+G processes (rtx-4000-sff-ada-v13.xml)', () => {
    const gpu = onlyGpu(parseFixture('rtx-4000-sff-ada-v13.xml'));
    expect(gpu.processes).toHaveLength(4);
    expect(gpu.processes[3]).toMatchObject({ pid: 34626, type: 'C+G', usedMemoryMiB: 183 });
    expect(gpu).toMatchObject({ powerDrawW: 8.81, powerDrawInstantW: 8.44, powerLimitW: 70, gpuIdle: true });
  });
});

describe('generation choice', () => {
  const log = (doctype: string, power: string): string =>
    `<?xml version="1.0" ?>${doctype}<nvidia_smi_log>` +
    `<gpu id="00000000:01:00.0"><uuid>GPU-1</uuid>${power}</gpu></nvidia_smi_log>`;
  const both =
    '<power_readings><power_draw>10.00 W</power_draw></power_readings>' +
    '<gpu_power_readings><average_power_draw>20.00 W</average_power_draw></gpu_power_readings>';

  it('falls back to the newest generation for an unknown DTD', () => {
    const snapshot = parseNvidiaSmiXml(log('<!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v14.dtd">', both));
    expect(snapshot).toMatchObject({ generation: 'v13', dtdVersion: 14 });
    expect(snapshot.gpus[0]?.powerDrawW).toBe(20);
  });

  it('prefers the legacy elements for old DTDs when both are present', () => {
    const snapshot = parseNvidiaSmiXml(log('<!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v11.dtd">', both));
    expect(snapshot.gpus[0]?.powerDrawW).toBe(10);
  });

  it('leaves time null without a time zone', () => {
    expect(parseFixture('tesla-t4.xml')).toMatchObject({ timestampRaw: 'Mon Apr 24 16:22:39 2023', time: null });
  });
});

describe('errors', () => {
  const parseError = (xml: string, timeZone?: string): NvidiaSmiParseError => {
    try {
      parseNvidiaSmiXml(xml, { timeZone });
    } catch (error) {
      if (error instanceof NvidiaSmiParseError) return error;
      throw error;
    }
    throw new Error('expected a parse error');
  };
  const gpu = (inner: string): string => `<nvidia_smi_log><gpu id="0">${inner}</gpu></nvidia_smi_log>`;

  it('names a missing root element', () => {
    expect(parseError('<smi_log><gpu/></smi_log>').message).toMatch(/root element <nvidia_smi_log>.*smi_log/);
  });

  it('reports malformed XML with its line', () => {
    const error = parseError('<nvidia_smi_log>\n<gpu>\n</nvidia_smi_log>');
    expect(error.line).toBe(3);
    expect(error.expected).toMatch(/well-formed XML/);
    expect(parseError('').expected).toMatch(/well-formed XML/);
  });

  it('refuses a DOCTYPE internal subset (entity expansion)', () => {
    const xml =
      '<!DOCTYPE nvidia_smi_log [<!ENTITY a "aaaa">]>' +
      '<nvidia_smi_log><timestamp>&a;</timestamp></nvidia_smi_log>';
    expect(parseError(xml).message).toMatch(/no internal subset/);
  });

  it('names the element and unit of a value in the wrong unit', () => {
    const error = parseError(gpu('<gpu_power_readings><power_draw>67.03 kW</power_draw></gpu_power_readings>'));
    expect(error.location).toBe('gpu[0]/gpu_power_readings/power_draw');
    expect(error.message).toMatch(/expected a number in W, found "67.03 kW"/);
  });

  it('rejects a repeated element it reads', () => {
    const error = parseError(gpu('<utilization><gpu_util>1 %</gpu_util><gpu_util>2 %</gpu_util></utilization>'));
    expect(error.message).toMatch(/gpu\[0\]\/utilization\/gpu_util: expected a single <gpu_util>/);
  });

  it('rejects child elements where a value is expected', () => {
    expect(parseError(gpu('<uuid><part>GPU-1</part></uuid>')).expected).toMatch(/a text value/);
  });

  it('ignores unknown elements and attributes', () => {
    const snapshot = parseNvidiaSmiXml(
      gpu(
        '<future_section><x>1</x></future_section><uuid vendor="nv">GPU-1</uuid>' +
          '<utilization><gpu_util>5 %</gpu_util></utilization>',
      ),
    );
    expect(snapshot.gpus[0]).toMatchObject({ uuid: 'GPU-1', utilGpu: 0.05 });
  });

  it('turns parser refusals into typed errors', () => {
    expect(parseError(gpu('<__proto__>x</__proto__>'))).toBeInstanceOf(NvidiaSmiParseError);
  });

  it('rejects a bad time zone and a timestamp it cannot read', () => {
    expect(parseError('<nvidia_smi_log/>', 'Mars/Base').location).toBe('options.timeZone');
    const error = parseError('<nvidia_smi_log><timestamp>2023-08-04 11:44:30</timestamp></nvidia_smi_log>');
    expect(error.location).toBe('nvidia_smi_log/timestamp');
  });

  it('requires a GPU instance id on MIG devices and a pid on processes', () => {
    expect(parseError(gpu('<mig_devices><mig_device><index>0</index></mig_device></mig_devices>')).location).toBe(
      'gpu[0]/mig_devices/mig_device[0]/gpu_instance_id',
    );
    expect(parseError(gpu('<processes><process_info><pid>N/A</pid></process_info></processes>')).location).toBe(
      'gpu[0]/processes/process_info[0]/pid',
    );
  });

  it('reads an empty log as no GPUs', () => {
    expect(parseNvidiaSmiXml('<nvidia_smi_log/>').gpus).toEqual([]);
  });
});

describe('several GPUs', () => {
  it('keeps document order and the log-level driver and time on each', () => {
    const gpu = (bus: string, uuid: string, util: string): string =>
      `<gpu id="${bus}"><uuid>${uuid}</uuid><utilization><gpu_util>${util}</gpu_util></utilization></gpu>`;
    const snapshot = parseNvidiaSmiXml(
      '<nvidia_smi_log><timestamp>Sun Mar 2 15:02:02 2025</timestamp><driver_version>570.124.04</driver_version>' +
        `${gpu('00000000:01:00.0', 'GPU-a', '0 %')}${gpu('00000000:02:00.0', 'GPU-b', '99 %')}</nvidia_smi_log>`,
      { timeZone: 'Asia/Tokyo' },
    );
    expect(snapshot.gpus.map((g) => [g.pciBusId, g.uuid, g.utilGpu, g.driverVersion, g.time])).toEqual([
      ['00000000:01:00.0', 'GPU-a', 0, '570.124.04', '2025-03-02T06:02:02.000Z'],
      ['00000000:02:00.0', 'GPU-b', 0.99, '570.124.04', '2025-03-02T06:02:02.000Z'],
    ]);
  });
});
