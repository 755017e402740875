/**
 * The k-way merge of a replay: each file yields its records in batches, already in event-time order (within its
 * sort window), and the merge interleaves them by event time into batches of a fixed size. Ties go to the earlier
 * source, and a source's own order is kept, so the result is what a stable sort of all files, concatenated in
 * order, would give: only the next batch of each file is held, never a whole file. The heap is its own, not
 * correlator/attribution's MinHeap: that one has no tie-break by source, and the merge moves the top cursor in place
 * (one sift per record) rather than popping and pushing it.
 */

/** Anything with an event time (ms). */
export interface Timed {
  readonly time: number;
}

/** One source's place: the batch being read and where in it. */
interface Cursor<T extends Timed> {
  readonly source: AsyncIterator<readonly T[]>;
  readonly order: number;
  batch: readonly T[];
  at: number;
}

export async function* mergeByTime<T extends Timed>(
  sources: readonly AsyncIterable<readonly T[]>[],
  batchSize: number,
): AsyncGenerator<T[]> {
  const heap: Cursor<T>[] = [];
  for (let order = 0; order < sources.length; order++) {
    const source = (sources[order] as AsyncIterable<readonly T[]>)[Symbol.asyncIterator]();
    const cursor: Cursor<T> = { source, order, batch: [], at: 0 };
    if (await refill(cursor)) heapPush(heap, cursor);
  }
  let out: T[] = [];
  while (heap.length > 0) {
    const top = heap[0] as Cursor<T>;
    if (heap.length === 1) {
      // The last source left: the rest of its batch goes out as it is.
      while (top.at < top.batch.length && out.length < batchSize) out.push(top.batch[top.at++] as T);
    } else out.push(top.batch[top.at++] as T);
    if (top.at === top.batch.length && !(await refill(top))) heapPopTop(heap);
    else siftDown(heap, 0);
    if (out.length >= batchSize) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

/** Moves the cursor to its source's next non-empty batch; false when the source is done. */
async function refill<T extends Timed>(cursor: Cursor<T>): Promise<boolean> {
  for (;;) {
    const next = await cursor.source.next();
    if (next.done === true) return false;
    if (next.value.length > 0) {
      cursor.batch = next.value;
      cursor.at = 0;
      return true;
    }
  }
}

function before<T extends Timed>(a: Cursor<T>, b: Cursor<T>): boolean {
  const ta = (a.batch[a.at] as T).time;
  const tb = (b.batch[b.at] as T).time;
  return ta < tb || (ta === tb && a.order < b.order);
}

function heapPush<T extends Timed>(heap: Cursor<T>[], cursor: Cursor<T>): void {
  heap.push(cursor);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Cursor<T>, heap[parent] as Cursor<T>)) break;
    swap(heap, i, parent);
    i = parent;
  }
}

function heapPopTop<T extends Timed>(heap: Cursor<T>[]): void {
  const last = heap.pop() as Cursor<T>;
  if (heap.length === 0) return;
  heap[0] = last;
  siftDown(heap, 0);
}

function siftDown<T extends Timed>(heap: Cursor<T>[], start: number): void {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) return;
    const right = left + 1;
    const child = right < heap.length && before(heap[right] as Cursor<T>, heap[left] as Cursor<T>) ? right : left;
    if (!before(heap[child] as Cursor<T>, heap[i] as Cursor<T>)) return;
    swap(heap, i, child);
    i = child;
  }
}

function swap<T>(items: T[], i: number, j: number): void {
  const held = items[i] as T;
  items[i] = items[j] as T;
  items[j] = held;
}
