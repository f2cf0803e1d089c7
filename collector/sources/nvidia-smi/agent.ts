/**
 * `pulse agent nvidia-smi`: on hosts without DCGM, polls the local `nvidia-smi -q -x` every interval, parses it
 * with the real parser and writes the readings (and the minute rollups they change) in one transaction per poll.
 * Readings are taken at the poll's time. An abort stops the loop after the poll in progress. A poll that fails
 * (nvidia-smi exits non-zero, prints something unreadable) is reported and the next one is tried; a missing
 * nvidia-smi stops the agent. The command runner, clock and sleep are injectable.
 */
import { execFile } from 'node:child_process';
import { GpuBatch } from '../../gpu/batch.ts';
import { writeGpuBatch } from '../../gpu/store.ts';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { sleepUnlessAborted } from '../poll-sleep.ts';
import { addReadings, nvidiaSmiReadings } from './ingest.ts';

export const NVIDIA_SMI_AGENT_SOURCE = 'nvidia-smi-agent';

export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

export interface AgentOptions {
  readonly command: string;
  readonly intervalMs: number;
  readonly node: string;
  readonly cluster: string;
  readonly timeZone: string;
  readonly rawRetentionMs: number | null;
  readonly signal: AbortSignal;
  readonly onPoll: (poll: AgentPoll) => void;
  readonly run?: CommandRunner;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export type AgentPoll = { readonly ok: true; readonly atMs: number; readonly gpus: number; readonly minuteRows: number } | { readonly ok: false; readonly atMs: number; readonly error: string };

/** nvidia-smi is not installed (or not on PATH): there is nothing to poll. */
export class NvidiaSmiMissing extends Error {
  override readonly name = 'NvidiaSmiMissing';
}

const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(new NvidiaSmiMissing(`${command} not found: install the NVIDIA driver utilities or pass --command`));
        else reject(new Error(`${command} failed: ${(stderr || error.message).trim().split('\n')[0] ?? ''}`));
        return;
      }
      resolve(stdout);
    });
  });

export async function runAgent(store: Store, options: AgentOptions): Promise<{ polls: number; minuteRows: number }> {
  const run = options.run ?? runCommand;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepUnlessAborted;
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: NVIDIA_SMI_AGENT_SOURCE, kind: 'gpu', windowStart: now() });
  let polls = 0;
  let minuteRows = 0;
  try {
    while (!options.signal.aborted) {
      const started = now();
      try {
        const output = await run(options.command, ['-q', '-x']);
        const { readings } = nvidiaSmiReadings(output, { timeZone: options.timeZone });
        const batch = new GpuBatch('nvidia-smi', false);
        addReadings(batch, readings, { timeZone: options.timeZone, atMs: started, atOnly: true, node: options.node, cluster: options.cluster });
        const written = await writer.transaction(() =>
          writeGpuBatch(store.connection, writer, batch, { lookbackMs: 2 * options.intervalMs, timeSlicingReplicas: null, rawRetentionMs: options.rawRetentionMs }),
        );
        polls++;
        minuteRows += written.minuteRows;
        options.onPoll({ ok: true, atMs: started, gpus: written.units, minuteRows: written.minuteRows });
      } catch (error) {
        if (error instanceof NvidiaSmiMissing) throw error;
        options.onPoll({ ok: false, atMs: started, error: error instanceof Error ? error.message : String(error) });
      }
      await sleep(Math.max(0, started + options.intervalMs - now()), options.signal);
    }
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows: minuteRows, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await writer.finishRun(runId, { status: 'ok', rows: minuteRows });
  await writer.execute('UPDATE ingest_runs SET window_end = to_timestamp($1 / 1000) WHERE run_id = $2', [now(), runId]);
  return { polls, minuteRows };
}
