/** Bytes of a file to text, chunk by chunk. Pure. */
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
