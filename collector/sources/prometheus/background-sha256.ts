/**
 * The SHA-256 of a file's chunks, computed on a worker thread while the main thread parses them: hashing a 64 MB
 * scrape costs the main thread about 30 ms otherwise. Chunks are handed over, not copied, when they own their memory
 * (file stream chunks do), a few per message: each message costs the main thread a little too.
 */
import { Worker } from 'node:worker_threads';

/** The worker: a CommonJS script (eval), so that it runs the same from the TypeScript sources and the compiled CLI. */
const HASHER = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (chunks) => {
  if (chunks === null) parentPort.postMessage(hash.digest('hex'));
  else for (const bytes of chunks) hash.update(new Uint8Array(bytes));
});`;

/** Chunks sent per message. */
const CHUNKS_PER_MESSAGE = 8;

export class BackgroundSha256 {
  private readonly worker = new Worker(HASHER, { eval: true });
  private readonly digest: Promise<string>;
  private pending: ArrayBuffer[] = [];

  constructor() {
    this.digest = new Promise<string>((resolve, reject) => {
      this.worker.once('message', (hex: string) => resolve(hex));
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`the hashing thread ended (exit code ${code}) before the digest`)));
    });
    this.digest.catch(() => undefined); // awaited by hex(); a worker ended by close() has nothing to report
  }

  /** Adds the chunk; a chunk that owns its memory is moved to the worker (with the next few) and must not be used afterwards. */
  update(chunk: Buffer): void {
    const memory = chunk.buffer;
    const owns = memory instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === memory.byteLength;
    this.pending.push(owns ? memory : new Uint8Array(chunk).buffer);
    if (this.pending.length >= CHUNKS_PER_MESSAGE) this.send();
  }

  private send(): void {
    const chunks = this.pending;
    this.pending = [];
    this.worker.postMessage(chunks, chunks);
  }

  /** The hex digest of every chunk added; ends the worker. */
  async hex(): Promise<string> {
    this.send();
    this.worker.postMessage(null);
    try {
      return await this.digest;
    } finally {
      await this.close();
    }
  }

  /** Ends the worker (safe to call more than once). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
