import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BackgroundSha256 } from './background-sha256.ts';

describe('BackgroundSha256', () => {
  it('gives the digest of the chunks in order, whether they own their memory or share it', async () => {
    const whole = randomBytes(300_000);
    const owned = Buffer.from(whole.subarray(0, 100_000)); // its own ArrayBuffer: moved to the worker
    const shared = Buffer.from(whole.subarray(100_000)); // two views of one ArrayBuffer: copied
    const hash = new BackgroundSha256();
    hash.update(owned);
    hash.update(shared.subarray(0, 120_000));
    hash.update(shared.subarray(120_000));
    hash.update(Buffer.alloc(0));
    expect(await hash.hex()).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(owned.byteLength).toBe(0); // moved, as documented
    expect(shared.equals(whole.subarray(100_000))).toBe(true);
  });

  it('hashes many chunks, sent a few per message', async () => {
    const chunks = Array.from({ length: 21 }, (_, i) => randomBytes(1_000 + i));
    const hash = new BackgroundSha256();
    const expected = createHash('sha256');
    for (const chunk of chunks) {
      expected.update(chunk);
      hash.update(Buffer.from(chunk));
    }
    expect(await hash.hex()).toBe(expected.digest('hex'));
  });

  it('can be closed without a digest, and more than once', async () => {
    const hash = new BackgroundSha256();
    hash.update(Buffer.from('partial'));
    await hash.close();
    await hash.close();
  });
});
