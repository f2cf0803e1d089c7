import { describe, expect, it } from 'vitest';
import { ChunkDecoder, WholeLines } from './chunk-decoder.ts';

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

describe('WholeLines', () => {
  it('gives whole lines only, whatever the chunk boundaries, and the unterminated rest at the end', () => {
    const text = 'a 1\nbb{x="ü"} 2\n\nccc 3\nno line feed';
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 4, 7, 13, bytes.length]) {
      const lines = new WholeLines();
      const parts: string[] = [];
      for (let at = 0; at < bytes.length; at += size) {
        for (const part of lines.take(bytes.subarray(at, at + size))) {
          expect(part[part.length - 1], `chunks of ${size}`).toBe(0x0a);
          parts.push(part.toString('utf8'));
        }
      }
      expect(parts.join('') + lines.end().toString('utf8'), `chunks of ${size}`).toBe(text);
    }
  });
});
