/** Bytes of a file to text, chunk by chunk, in whole lines. Pure. */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/**
 * UTF-8 bytes to text in chunks split anywhere. Plain ASCII chunks, what expositions nearly always are, are
 * copied as Latin-1, which needs no decoding; from the first other chunk on, a UTF-8 decoder takes over (it has
 * nothing pending then, since every earlier chunk ended on a whole character).
 */
export class ChunkDecoder {
  private utf8: StringDecoder | undefined;

  write(chunk: Buffer): string {
    if (this.utf8 === undefined && isAscii(chunk)) return chunk.toString('latin1');
    this.utf8 ??= new StringDecoder('utf8');
    return this.utf8.write(chunk);
  }

  end(): string {
    return this.utf8?.end() ?? '';
  }
}

const LINE_FEED = 0x0a;

/**
 * Cuts byte chunks after their last line feed and carries the rest over to the next chunk, so that the text of
 * each part holds whole lines: a parser given a partial line joins it to the next chunk's text, and the first
 * read of the joined string copies that whole chunk again. The carried-over bytes make a small part of their own
 * with the next chunk's first line, so the chunk itself is never copied either. A line feed byte is never part
 * of a multi-byte UTF-8 character, so the cuts fall between characters too.
 */
export class WholeLines {
  private rest: Buffer | undefined;

  /** The chunk's whole lines, after what earlier chunks left over: none, one or two parts. */
  take(chunk: Buffer): Buffer[] {
    const last = chunk.lastIndexOf(LINE_FEED);
    if (last === -1) {
      this.rest = this.rest === undefined ? Buffer.from(chunk) : Buffer.concat([this.rest, chunk]);
      return [];
    }
    const parts: Buffer[] = [];
    let from = 0;
    if (this.rest !== undefined) {
      from = chunk.indexOf(LINE_FEED) + 1;
      parts.push(Buffer.concat([this.rest, chunk.subarray(0, from)]));
    }
    if (from <= last) parts.push(chunk.subarray(from, last + 1));
    // A copy: the chunk's memory may be reused for the next read.
    this.rest = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
    return parts;
  }

  /** What followed the input's last line feed. */
  end(): Buffer {
    const rest = this.rest ?? Buffer.alloc(0);
    this.rest = undefined;
    return rest;
  }
}
