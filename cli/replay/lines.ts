/**
 * The lines of a recorded log, streamed in large chunks (gzip inflated as it is read): each chunk is decoded once up
 * to its last newline and split natively, so neither the whole file nor a whole-file string is ever held and no
 * per-line regex runs. A newline byte (0x0A) never occurs inside a multi-byte UTF-8 character, so cutting at one
 * never splits a character. Over a whole file: the same lines as `text.split('\n')` without the empty string after
 * a final newline.
 */
import { isAscii } from 'node:buffer';
import { createReadStream, type ReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;
/** zlib's smallest output chunk. */
const MIN_GUNZIP_CHUNK = 64;

/** Bytes read from disk so far (compressed bytes for a .gz file): how far through its files a replay is. */
export interface ReadCounter {
  bytesRead: number;
}

/** Yields the file's lines a chunk at a time (one array per chunk read); `counter` adds up the bytes read. */
export async function* logLineChunks(
  file: string,
  chunkBytes = CHUNK_BYTES,
  counter: ReadCounter = { bytesRead: 0 },
): AsyncGenerator<string[]> {
  let held: Buffer | null = null; // an unfinished line carried into the next chunk
  const { raw, bytes: stream } = byteStream(file, chunkBytes);
  let counted = 0;
  for await (const chunk of stream) {
    counter.bytesRead += raw.bytesRead - counted;
    counted = raw.bytesRead;
    let bytes = chunk as Buffer;
    if (held !== null) {
      // Only the carried line is joined with the start of the chunk: the chunk itself is not copied.
      const firstNewline = bytes.indexOf(NEWLINE);
      if (firstNewline < 0) {
        held = Buffer.concat([held, bytes]);
        continue;
      }
      yield [decode(Buffer.concat([held, bytes.subarray(0, firstNewline)]))];
      held = null;
      bytes = bytes.subarray(firstNewline + 1);
    }
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      held = bytes.length > 0 ? bytes : null;
      continue;
    }
    yield decode(bytes.subarray(0, lastNewline)).split('\n');
    held = lastNewline + 1 < bytes.length ? bytes.subarray(lastNewline + 1) : null;
  }
  if (held !== null) yield [decode(held)]; // a last line with no newline
}

function byteStream(file: string, chunkBytes: number): { raw: ReadStream; bytes: Readable } {
  const raw = createReadStream(file, { highWaterMark: chunkBytes });
  if (!file.endsWith('.gz')) return { raw, bytes: raw };
  const gunzip = createGunzip({ chunkSize: Math.max(chunkBytes, MIN_GUNZIP_CHUNK) });
  // A read error reaches the reader through gunzip, which pipeline destroys with it.
  pipeline(raw, gunzip, () => undefined);
  return { raw, bytes: gunzip };
}

/** Logs are mostly ASCII, which decodes to the same text faster as `ascii` than through the UTF-8 decoder. */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('ascii') : bytes.toString('utf8');
}
