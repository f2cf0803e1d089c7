import { describe, expect, it } from 'vitest';
import { ChunkDecoder } from './chunk-decoder.ts';

describe('ChunkDecoder', () => {
  it('gives the text of UTF-8 split anywhere, ASCII chunks first', () => {
    const text = `${'plain ascii line\n'.repeat(3)}label="naïve — ünïcode ✓"\nmore ascii\n`;
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 5, 17, 64, bytes.length]) {
      const decoder = new ChunkDecoder();
      let out = '';
      for (let at = 0; at < bytes.length; at += size) out += decoder.write(bytes.subarray(at, at + size));
      out += decoder.end();
      expect(out, `chunks of ${size}`).toBe(text);
    }
  });
});
