/**
 * The records of a replay as a stream: each file is read a chunk at a time through its format's parser, its records
 * sorted by event time within a bounded window, and the files merged by event time (merge.ts) into batches for the
 * pipeline. Memory is bounded by the window, not by the recording. A record older than what its file already
 * released (out of order by more than the window) is still replayed, right away, and counted. A malformed record is
 * counted with file:line and skipped.
 */
import { statSync } from 'node:fs';
import { messageOf } from '../../common/errors.js';
import { logLineChunks } from './lines.js';
import { mergeByTime } from './merge.js';
import {
  detectFormat,
  fileParser,
  SYSLOG_SCAN_LINES,
  type FileSummary,
  type Malformed,
  type ReplayRecord,
} from './sources.js';

/** Records held for sorting in all (a window and a step per file), shared out among the files read together. */
const SORT_BUDGET = 1_000_000;
const MAX_WINDOW = 100_000;
const MIN_WINDOW = 5_000;
/** Malformed records kept one by one (all are counted). */
const KEPT_MALFORMED = 1_000;
const BATCH = 2_000;

export interface ReplayTotals {
  records: number;
  malformed: number;
  /** Records replayed later than a newer record of their own file (out of order beyond the sort window). */
  outOfOrder: number;
  /** Oldest and newest event time seen (ms), null before any record. */
  first: number | null;
  last: number | null;
  /** Bytes of the files read so far (compressed bytes for .gz files), against ReplayStream.totalBytes. */
  bytesRead: number;
}

export interface ReplayStream {
  /** The records of every file in event time, in batches; read it once. */
  readonly batches: AsyncIterable<ReplayRecord[]>;
  /** One per file, in the order given; filled in as the files are read. */
  readonly files: readonly FileSummary[];
  /** The first malformed records, with file:line. */
  readonly malformed: Malformed[];
  readonly totals: ReplayTotals;
  /** The size of the files on disk when the replay opened them: how far through them it is, with totals.bytesRead. */
  readonly totalBytes: number;
}

export interface StreamOptions {
  /** Records a file may be out of order by and still be replayed in order; default from SORT_BUDGET. */
  readonly window?: number;
  readonly batchSize?: number;
}

export function openRecords(files: readonly string[], sensorName: string, options: StreamOptions = {}): ReplayStream {
  const shared = Math.floor(SORT_BUDGET / 1.25 / Math.max(files.length, 1));
  const window = options.window ?? Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, shared));
  const summaries = files.map((file): FileSummary => ({ file, format: null, records: 0, malformed: 0, skipped: 0 }));
  const malformed: Malformed[] = [];
  const totals: ReplayTotals = { records: 0, malformed: 0, outOfOrder: 0, first: null, last: null, bytesRead: 0 };
  const reader: FileReader = { sensorName, window, malformed, totals };
  const sources = summaries.map((summary) => fileRecords(summary, reader));
  return {
    batches: counted(mergeByTime(sources, options.batchSize ?? BATCH), totals),
    files: summaries,
    malformed,
    totals,
    totalBytes: files.reduce((sum, file) => sum + fileSize(file), 0),
  };
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // reading it reports the error, with the file's name
  }
}

/** Every record in memory, sorted (tests, small recordings). */
export interface LoadedRecords {
  readonly records: ReplayRecord[];
  readonly files: readonly FileSummary[];
  readonly malformed: readonly Malformed[];
}

export async function loadRecords(files: readonly string[], sensorName: string): Promise<LoadedRecords> {
  const stream = openRecords(files, sensorName);
  const records: ReplayRecord[] = [];
  for await (const batch of stream.batches) for (const record of batch) records.push(record);
  return { records, files: stream.files, malformed: stream.malformed };
}

async function* counted(batches: AsyncIterable<ReplayRecord[]>, totals: ReplayTotals): AsyncGenerator<ReplayRecord[]> {
  for await (const batch of batches) {
    let { first, last } = totals;
    for (const { time } of batch) {
      if (first === null || time < first) first = time;
      if (last === null || time > last) last = time;
    }
    totals.first = first;
    totals.last = last;
    totals.records += batch.length;
    yield batch;
  }
}

interface FileReader {
  readonly sensorName: string;
  readonly window: number;
  readonly malformed: Malformed[];
  readonly totals: ReplayTotals;
}

/** One file's records in event-time order within the window, released a step at a time. */
async function* fileRecords(summary: FileSummary, reader: FileReader): AsyncGenerator<ReplayRecord[]> {
  const { file } = summary;
  const chunks = logLineChunks(file, undefined, reader.totals)[Symbol.asyncIterator]();
  const head = await headLines(chunks);
  summary.format = detectFormat(head);
  if (summary.format === null) {
    await chunks.return(undefined);
    return;
  }
  const pending: ReplayRecord[] = [];
  const parser = fileParser(summary.format, reader.sensorName, file, pending);
  const sorter = new WindowSort(reader.window, reader.totals);
  // One position object for the whole file: parsers read it (and copy it into errors) but never keep it.
  const at = { file, line: 0 };
  let lines: string[] | undefined = head;
  while (lines !== undefined) {
    for (const line of lines) {
      at.line++;
      try {
        const added = parser.parse(line, at);
        if (added === 0 && !parser.grouped) summary.skipped++;
        summary.records += added;
      } catch (err) {
        summary.malformed++;
        reader.totals.malformed++;
        const reason = messageOf(err).replace(`${file}:${at.line}: `, '');
        if (reader.malformed.length < KEPT_MALFORMED) reader.malformed.push({ file, line: at.line, reason });
      }
      if (pending.length >= sorter.step) {
        const ready = sorter.add(pending.splice(0));
        if (ready !== null) yield ready;
      }
    }
    const next = await chunks.next();
    lines = next.done === true ? undefined : next.value;
  }
  if (parser.grouped) {
    summary.records += parser.grouped.finish();
    summary.skipped += parser.grouped.skipped();
  }
  yield sorter.rest(pending);
}

/** The first chunks, enough lines to recognise the format (a syslog file is scanned further for Sysmon). */
async function headLines(chunks: AsyncIterator<string[]>): Promise<string[]> {
  const head: string[] = [];
  while (head.length < SYSLOG_SCAN_LINES) {
    const next = await chunks.next();
    if (next.done === true) break;
    for (const line of next.value) head.push(line);
  }
  return head;
}

/**
 * Holds the newest `window` records, sorted (stable: line order among equal times), and releases the older ones a
 * step (a quarter window) at a time: each sort meets one sorted run and one short new one, so it stays cheap. A
 * record that sorts before what was already released is out of order beyond the window: released with the next
 * step.
 */
class WindowSort {
  #held: ReplayRecord[] = [];
  #released = -Infinity;
  /** Records added between sorts. */
  readonly step: number;

  constructor(
    private readonly window: number,
    private readonly totals: ReplayTotals,
  ) {
    this.step = Math.max(1, Math.ceil(window / 4));
  }

  /** The records beyond the newest `window` once a step more is held, else null. */
  add(records: readonly ReplayRecord[]): ReplayRecord[] | null {
    for (const record of records) this.#held.push(record);
    if (this.#held.length < this.window + this.step) return null;
    this.#sort();
    const out = this.#held.splice(0, this.#held.length - this.window);
    this.#released = (out[out.length - 1] as ReplayRecord).time;
    return out;
  }

  /** Everything still held, with the records added last. */
  rest(records: readonly ReplayRecord[]): ReplayRecord[] {
    for (const record of records) this.#held.push(record);
    this.#sort();
    const out = this.#held;
    this.#held = [];
    return out;
  }

  #sort(): void {
    this.#held.sort((a, b) => a.time - b.time);
    for (const record of this.#held) {
      if (record.time >= this.#released) break;
      this.totals.outOfOrder++;
    }
  }
}
