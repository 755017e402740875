/** File digests (the hash table, file_events' hashes): one read of the file for every algorithm asked for. */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * One read buffer for every file (hashing is synchronous, so it is never shared): a fresh 1 MiB buffer per file cost
 * page faults and GC (sys time 4× sha256sum's over /usr/bin); 256 KiB stays in cache between read() and the digest.
 */
const CHUNK = 256 * 1024;
let readBuffer: Buffer | undefined;

/** Digests of one file, reading it once in chunks for every algorithm asked for. */
export function hashFile(path: string, algorithms: readonly string[]): Record<string, string> {
  const hashes: Array<[string, Hash]> = algorithms.map((a) => [a, createHash(a)]);
  const fd = openSync(path, 'r');
  try {
    const buffer = (readBuffer ??= Buffer.allocUnsafeSlow(CHUNK));
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      const chunk = n === CHUNK ? buffer : buffer.subarray(0, n);
      for (const [, hash] of hashes) hash.update(chunk);
    }
  } finally {
    closeSync(fd);
  }
  return Object.fromEntries(hashes.map(([name, hash]) => [name, hash.digest('hex')]));
}
