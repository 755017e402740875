/**
 * The form in which a scan's rows cross to native/dispatch.c: chunks of whole rows, values in column order, each
 * chunk a few typed arrays plus one string holding its strings end to end. The C side then reads a chunk with a
 * handful of N-API calls instead of three per value, and no array of every value is ever regrown as a large object.
 * A chunk is [kinds, numbers, lengths, text, bigints, count]: per value its kind (0 NULL, 1 number, 3 text,
 * 4 bigint), the number, the text's length in UTF-16 units; the bigints in order; `count` values in all.
 */
import type { SqlValue } from './spec.js';

export type RowChunk = [Uint8Array, Float64Array, Uint32Array, string, bigint[], number];

const NUMBER = 1;
const TEXT = 3;
const BIGINT = 4;

/** The first chunk holds this many rows, each next one twice as many, so a one-row scan allocates little. */
const FIRST_ROWS = 16;
/** Values per chunk at most: 8192 (the arrays' total about 100 KB). */
const MAX_VALUES = 8192;

export class RowChunks {
  private readonly chunks: RowChunk[] = [];
  private capacity = 0;
  private kinds = new Uint8Array(0);
  private numbers = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private texts: string[] = [];
  private bigints: bigint[] = [];
  private count = 0;

  constructor(private readonly width: number) {}

  /** Call before each row's values: a full chunk is closed and the next one's arrays allocated. */
  startRow(): void {
    if (this.count + this.width <= this.capacity) return;
    this.flush();
    const maxRows = Math.max(1, Math.floor(MAX_VALUES / this.width));
    const rows = Math.min(maxRows, this.capacity === 0 ? FIRST_ROWS : (2 * this.capacity) / this.width);
    this.capacity = rows * this.width;
    this.kinds = new Uint8Array(this.capacity);
    this.numbers = new Float64Array(this.capacity);
    this.lengths = new Uint32Array(this.capacity);
  }

  add(value: SqlValue): void {
    const at = this.count++;
    if (typeof value === 'string') {
      this.kinds[at] = TEXT;
      this.lengths[at] = value.length;
      this.texts.push(value);
    } else if (typeof value === 'number') {
      this.kinds[at] = NUMBER;
      this.numbers[at] = value;
    } else if (typeof value === 'bigint') {
      this.kinds[at] = BIGINT;
      this.bigints.push(value);
    } // null: the kind stays 0
  }

  finish(): RowChunk[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.count === 0) return;
    this.chunks.push([this.kinds, this.numbers, this.lengths, this.texts.join(''), this.bigints, this.count]);
    this.texts = [];
    this.bigints = [];
    this.count = 0;
  }
}
