/**
 * The lines of a recorded log, read in large chunks: each chunk is decoded once up to its last newline and split
 * natively, so no whole-file string is built and no per-line regex runs. A newline byte (0x0A) never occurs inside
 * a multi-byte UTF-8 character, so cutting at one never splits a character. Same lines as
 * `text.split('\n')` without the empty string after a final newline.
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const CHUNK_BYTES = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

export function readLogLines(file: string, chunkBytes = CHUNK_BYTES): string[] {
  if (file.endsWith('.gz')) return splitText(gunzipSync(readFileSync(file)).toString('utf8'));
  const fd = openSync(file, 'r');
  try {
    return readChunked(fd, chunkBytes);
  } finally {
    closeSync(fd);
  }
}

function splitText(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function readChunked(fd: number, chunkBytes: number): string[] {
  const lines: string[] = [];
  let buffer: Buffer = Buffer.allocUnsafe(chunkBytes);
  let held = 0; // bytes of an unfinished line kept at the start of the buffer
  for (;;) {
    if (held === buffer.length) buffer = grown(buffer); // a line longer than the buffer
    const got = readSync(fd, buffer, held, buffer.length - held, null);
    if (got === 0) break;
    const end = held + got;
    const lastNewline = buffer.lastIndexOf(NEWLINE, end - 1);
    if (lastNewline < 0) {
      held = end;
      continue;
    }
    for (const line of decode(buffer.subarray(0, lastNewline)).split('\n')) lines.push(line);
    held = end - lastNewline - 1;
    buffer.copy(buffer, 0, lastNewline + 1, end);
  }
  if (held > 0) lines.push(decode(buffer.subarray(0, held))); // a last line with no newline
  return lines;
}

/** Logs are mostly ASCII, which decodes to the same text faster as `ascii` than through the UTF-8 decoder. */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('ascii') : bytes.toString('utf8');
}

function grown(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger);
  return bigger;
}
