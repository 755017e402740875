/** The k-way merge gives what a stable sort of the concatenated sources gives, whatever the batch boundaries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeByTime } from './merge.js';

interface Item {
  readonly time: number;
  readonly source: number;
  readonly seq: number;
}

async function* batched(items: readonly Item[], size: number): AsyncGenerator<Item[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  yield []; // an empty batch is skipped, not taken for the end
}

async function merged(sources: readonly Item[][], sourceBatch: number, outBatch: number): Promise<Item[][]> {
  const out: Item[][] = [];
  for await (const batch of mergeByTime(
    sources.map((s) => batched(s, sourceBatch)),
    outBatch,
  ))
    out.push(batch);
  return out;
}

/** Sorted times with repeats, so ties between and within sources are common. */
function source(index: number, length: number, seed: number): Item[] {
  let time = seed % 5;
  return Array.from({ length }, (_, seq) => {
    time += (seq * 7 + seed) % 3; // steps of 0, 1 or 2
    return { time, source: index, seq };
  });
}

test('sources interleave by time; ties keep source order, then each source order', async () => {
  const sources = [source(0, 50, 1), source(1, 0, 2), source(2, 73, 3), source(3, 20, 4), source(4, 1, 5)];
  const expected = sources.flat().sort((a, b) => a.time - b.time);
  for (const sourceBatch of [1, 3, 64])
    for (const outBatch of [1, 7, 1000]) {
      const batches = await merged(sources, sourceBatch, outBatch);
      assert.deepEqual(batches.flat(), expected, `source batches ${sourceBatch}, out batches ${outBatch}`);
      for (const batch of batches.slice(0, -1)) assert.equal(batch.length, outBatch);
    }
});

test('one source passes through; no sources, or only empty ones, give nothing', async () => {
  const only = source(0, 25, 9);
  assert.deepEqual((await merged([only], 4, 10)).flat(), only);
  assert.deepEqual(await merged([], 4, 10), []);
  assert.deepEqual(await merged([[], []], 4, 10), []);
});

test('a source out of order is merged as it comes, nothing lost', async () => {
  const late: Item[] = [5, 1, 9].map((time, seq) => ({ time, source: 0, seq }));
  const other: Item[] = [2, 6].map((time, seq) => ({ time, source: 1, seq }));
  const times = (await merged([late, other], 1, 10)).flat().map((i) => i.time);
  assert.deepEqual(times, [2, 5, 1, 6, 9]);
});
