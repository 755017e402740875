/**
 * The replay stream: files read as they are merged, sorted within a window per file; a record out of order by more
 * than the window is replayed late and counted, never lost; malformed records counted with file:line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openRecords, type ReplayStream } from './stream.js';

/** A Zeek JSON conn line at `ts` seconds, its uid naming it. */
function conn(ts: number, uid: string): string {
  return JSON.stringify({
    _path: 'conn',
    ts,
    uid,
    'id.orig_h': '10.0.0.1',
    'id.orig_p': 1000,
    'id.resp_h': '10.0.0.2',
    'id.resp_p': 80,
    proto: 'tcp',
  });
}

async function uids(stream: ReplayStream): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of stream.batches)
    for (const record of batch) if (record.input.kind === 'network') out.push(record.input.value.zeek_uid ?? '');
  return out;
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-stream-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('records out of order within the window come out sorted; beyond it, late and counted', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'conn.json');
  // Times 10..29 with one record at 5 written 12 records late: within a window of 20 it sorts, within 4 it is late.
  const lines = Array.from({ length: 20 }, (_, i) => conn(10 + i, `C${10 + i}`));
  lines.splice(12, 0, conn(5, 'C5'));
  writeFileSync(file, `${lines.join('\n')}\n`);
  const sorted = openRecords([file], 's', { window: 20 });
  const inOrder = ['C5', ...Array.from({ length: 20 }, (_, i) => `C${10 + i}`)];
  assert.deepEqual(await uids(sorted), inOrder);
  assert.equal(sorted.totals.outOfOrder, 0);
  const small = openRecords([file], 's', { window: 4, batchSize: 3 });
  const got = await uids(small);
  assert.equal(got.length, 21);
  assert.deepEqual([...got].sort(), [...inOrder].sort());
  assert.equal(small.totals.outOfOrder, 1);
  assert.equal(small.totals.records, 21);
  assert.equal(small.totals.first, 5000);
  assert.equal(small.totals.last, 29000);
});

test('files merge by event time, gzip streamed; malformed lines counted with file:line', async (t) => {
  const dir = tempDir(t);
  const a = join(dir, 'a-conn.json');
  const b = join(dir, 'b-conn.json.gz');
  writeFileSync(a, `${[conn(1, 'A1'), '{broken', conn(3, 'A3'), conn(3, 'A3b')].join('\n')}\n`);
  writeFileSync(b, gzipSync(`${[conn(2, 'B2'), conn(3, 'B3'), conn(4, 'B4')].join('\n')}\n`));
  const stream = openRecords([a, b], 's', { batchSize: 2 });
  assert.deepEqual(await uids(stream), ['A1', 'B2', 'A3', 'A3b', 'B3', 'B4']);
  assert.equal(stream.totals.malformed, 1);
  assert.deepEqual(
    stream.malformed.map((m) => [m.file, m.line]),
    [[a, 2]],
  );
  assert.deepEqual(
    stream.files.map((f) => [f.format, f.records, f.malformed]),
    [
      ['zeek', 3, 1],
      ['zeek', 3, 0],
    ],
  );
});
