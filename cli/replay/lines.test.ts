/** Chunked line reading gives exactly `text.split('\n')` (less the empty tail), whatever the chunk boundaries cut. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { logLineChunks } from './lines.js';

const TEXTS: Record<string, string> = {
  empty: '',
  'one line, no newline': 'abc',
  'trailing newline': 'a\nb\n',
  'blank lines and a blank tail': '\n\na\n\n\nb\n\n',
  crlf: 'a\r\nb\r\n',
  'multi-byte characters': 'café\n🦅 ünï\nx€y\n日本語のログ\n',
  'a line longer than many chunks': `${'é'.repeat(100)}\nshort\n${'z'.repeat(50)}`,
};

function expectedLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

async function readLogLines(file: string, chunkBytes?: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const chunk of logLineChunks(file, chunkBytes)) lines.push(...chunk);
  return lines;
}

test('logLineChunks matches split for every chunk size, plain and gzip', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-lines-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(TEXTS)) {
    const file = join(dir, 'log.txt');
    writeFileSync(file, text);
    writeFileSync(`${file}.gz`, gzipSync(Buffer.from(text)));
    for (const chunk of [1, 2, 3, 5, 7, 64, 8 * 1024 * 1024]) {
      assert.deepEqual(await readLogLines(file, chunk), expectedLines(text), `${name}, ${chunk}-byte chunks`);
      assert.deepEqual(await readLogLines(`${file}.gz`, chunk), expectedLines(text), `${name}, gzip, ${chunk}`);
    }
  }
});

test('the read counter ends at the size of the file on disk (compressed size for gzip): replay progress', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-lines-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = Array.from({ length: 5_000 }, (_, i) => `record ${i} ${'x'.repeat(i % 97)}`).join('\n');
  const file = join(dir, 'log.txt');
  writeFileSync(file, text);
  writeFileSync(`${file}.gz`, gzipSync(Buffer.from(text)));
  for (const path of [file, `${file}.gz`]) {
    const counter = { bytesRead: 0 };
    const seen: number[] = [];
    for await (const chunk of logLineChunks(path, 4096, counter)) {
      assert.ok(chunk.length > 0);
      seen.push(counter.bytesRead);
    }
    assert.equal(counter.bytesRead, statSync(path).size, path);
    // It grows as the file is read, not all at once at the end.
    assert.ok(seen[0] !== undefined && seen[0] < statSync(path).size, `${path}: ${seen.slice(0, 3).join(',')}`);
  }
});
