/**
 * Reads a Zeek or Suricata log like a log shipper: from the remembered position, record by record, handing batches
 * to `send` and saving the position only after `send` resolves (so a crash re-sends at most the batch in flight,
 * and network event ids, hashes of the record, make those duplicates harmless). With `follow` it keeps reading as
 * the file grows, and notices rotation (a new inode at the path: the old file is read to its end first) and
 * truncation (size below the offset: start again at 0). `.gz` files are read once, not followed.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { OspreyError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { sleep } from '../../common/retry.js';
import { SENSOR_KINDS, type LogParser, type SensorKind } from '../parsers/log-parser.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import type { PositionStore } from './position.js';

export interface TailOptions {
  readonly path: string;
  readonly kind: SensorKind;
  readonly sensorName: string;
  readonly positions: PositionStore;
  readonly send: (events: NetworkEventInput[]) => Promise<void>;
  readonly follow: boolean;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
  readonly batchSize?: number;
  /** Called for each broken line (already logged); the shipper counts them. */
  readonly onLineError?: (err: Error) => void;
}

export interface TailCounts {
  shipped: number;
  broken: number;
}

const CHUNK = 256 * 1024;

export async function tailLog(options: TailOptions): Promise<TailCounts> {
  const counts: TailCounts = { shipped: 0, broken: 0 };
  if (options.path.endsWith('.gz')) {
    await readGzip({ options, counts });
    return counts;
  }
  const tail: Tail = { options, counts };
  let reader = new FileReader(tail, false);
  try {
    for (;;) {
      await reader.readAvailable();
      if (!options.follow || options.signal?.aborted) break;
      const rotated = reader.changed();
      if (rotated === 'rotated') {
        await reader.readAvailable(true); // the rest of the old file, last line too: it will not grow
        reader.close();
        options.log.info({ path: options.path }, 'Log file rotated; reading the new file from its start.');
        reader = new FileReader(tail, true);
        continue;
      }
      if (rotated === 'truncated') {
        options.log.info({ path: options.path }, 'Log file truncated; reading from its start.');
        reader.restart();
        continue;
      }
      await sleep(options.pollMs ?? 250, options.signal).catch(() => undefined);
      if (options.signal?.aborted) break;
    }
  } finally {
    reader.close();
  }
  return counts;
}

/** What every read of one tailed log shares: its options and the counts it adds to. */
interface Tail {
  readonly options: TailOptions;
  readonly counts: TailCounts;
}

/** Where the records shipped so far end: the next read (or a restart after a crash) starts here. */
interface Position {
  readonly offset: number;
  readonly line: number;
}

/** One open file at the path: reads what has been appended since the last read, a chunk at a time. */
class FileReader {
  readonly #tail: Tail;
  readonly #fd: number;
  readonly #stat: Stats;
  readonly #buffer = Buffer.allocUnsafe(CHUNK);
  #parser: LogParser;
  #offset: number;
  #line: number;
  #pending = Buffer.alloc(0);
  #batch: NetworkEventInput[] = [];

  constructor(tail: Tail, fresh: boolean) {
    const { options } = tail;
    this.#tail = tail;
    this.#fd = openSync(options.path, 'r');
    this.#stat = fstatSync(this.#fd);
    const saved = options.positions.get(options.path);
    const resume =
      !fresh &&
      saved &&
      saved.dev === this.#stat.dev &&
      saved.ino === this.#stat.ino &&
      saved.offset <= this.#stat.size;
    this.#offset = resume ? saved.offset : 0;
    this.#line = resume ? saved.line : 0;
    this.#parser = SENSOR_KINDS[options.kind](options.sensorName, options.path);
    if (this.#offset > 0) primeHeaders(this.#fd, this.#parser, options.path);
  }

  /** `final`: the file will not grow, so a last line without a newline is complete. */
  async readAvailable(final = !this.#tail.options.follow): Promise<void> {
    let end: Position = { offset: this.#offset, line: this.#line };
    for (;;) {
      const read = readSync(this.#fd, this.#buffer, 0, CHUNK, this.#offset + this.#pending.length);
      if (read === 0) break;
      this.#pending = Buffer.concat([this.#pending, this.#buffer.subarray(0, read)]);
      let start = 0;
      for (let nl = this.#pending.indexOf(10); nl >= 0; nl = this.#pending.indexOf(10, start)) {
        end = await this.#take(this.#pending.toString('utf8', start, nl), this.#offset + nl + 1);
        start = nl + 1;
      }
      this.#offset += start;
      this.#pending = this.#pending.subarray(start);
    }
    // A last line without its newline is still being written, unless the file will not grow (no --follow).
    if (final && this.#pending.length > 0) {
      const text = this.#pending.toString('utf8');
      this.#offset += this.#pending.length;
      this.#pending = Buffer.alloc(0);
      end = await this.#take(text, this.#offset);
    }
    await commit(this.#tail, this.#stat, this.#batch, end);
    this.#batch = [];
  }

  /** Parses one line into the batch; a full batch is shipped. Returns the position after the line. */
  async #take(text: string, after: number): Promise<Position> {
    this.#line++;
    const event = parseLine(this.#tail, this.#parser, text, this.#line);
    if (event) this.#batch.push(event);
    const end = { offset: after, line: this.#line };
    if (this.#batch.length >= (this.#tail.options.batchSize ?? 500)) {
      await commit(this.#tail, this.#stat, this.#batch, end);
      this.#batch = [];
    }
    return end;
  }

  changed(): 'same' | 'rotated' | 'truncated' {
    let now: Stats;
    try {
      now = statSync(this.#tail.options.path);
    } catch {
      return 'same'; // between a rename and the new file's creation
    }
    if (now.ino !== this.#stat.ino || now.dev !== this.#stat.dev) return 'rotated';
    return now.size < this.#offset ? 'truncated' : 'same';
  }

  restart(): void {
    const { options } = this.#tail;
    this.#offset = 0;
    this.#line = 0;
    this.#pending = Buffer.alloc(0);
    this.#parser = SENSOR_KINDS[options.kind](options.sensorName, options.path);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

async function commit(tail: Tail, stat: Stats, batch: NetworkEventInput[], end: Position): Promise<void> {
  const { options, counts } = tail;
  if (batch.length > 0) await options.send(batch);
  counts.shipped += batch.length;
  const saved = options.positions.get(options.path);
  if (saved && saved.offset === end.offset && saved.ino === stat.ino) return;
  options.positions.set(options.path, { dev: stat.dev, ino: stat.ino, offset: end.offset, line: end.line });
}

function parseLine(tail: Tail, parser: LogParser, text: string, line: number): NetworkEventInput | null {
  try {
    return parser.parse(text, { file: tail.options.path, line });
  } catch (err) {
    tail.counts.broken++;
    tail.options.log.warn({ err }, 'Skipped a broken log line.');
    tail.options.onLineError?.(err as Error);
    return null;
  }
}

/** Resuming in the middle of a Zeek TSV file: its `#fields` header is at the top, so read the header lines again. */
function primeHeaders(fd: number, parser: LogParser, path: string): void {
  const head = Buffer.allocUnsafe(64 * 1024);
  const read = readSync(fd, head, 0, head.length, 0);
  const lines = head.toString('utf8', 0, read).split('\n');
  for (const [i, text] of lines.entries()) {
    if (!text.trimStart().startsWith('#')) break;
    parser.parse(text, { file: path, line: i + 1 });
  }
}

async function readGzip(tail: Tail): Promise<void> {
  const { options } = tail;
  const stat = statSync(options.path);
  const saved = options.positions.get(options.path);
  const same = saved && saved.dev === stat.dev && saved.ino === stat.ino;
  if (same && saved.done) return;
  const skip = same ? saved.line : 0;
  const parser = SENSOR_KINDS[options.kind](options.sensorName, options.path);
  // pipeline, not .pipe: a read error of the file (EISDIR, EIO) reaches the line reader, so the read fails with it
  // instead of an unhandled 'error' event on the file stream ending the process.
  const input = pipeline(createReadStream(options.path), createGunzip(), () => undefined);
  let readError: unknown;
  input.on('error', (err) => (readError = err));
  try {
    await shipGzipLines(tail, { lines: createInterface({ input, crlfDelay: Infinity }), parser, stat, skip });
  } catch (err) {
    // The stream's own errors do not say which file; a failed send is the sink's and passes as it is.
    if (err !== readError) throw err;
    throw new OspreyError('IO_ERROR', `${options.path}: cannot read the gzip log: ${(err as Error).message}`, {
      retriable: false,
      cause: err,
    });
  }
}

/** The lines of a gzip log, shipped in batches; `skip` lines were shipped by an earlier run. */
async function shipGzipLines(
  tail: Tail,
  { lines, parser, stat, skip }: { lines: AsyncIterable<string>; parser: LogParser; stat: Stats; skip: number },
): Promise<void> {
  const { options, counts } = tail;
  let line = 0;
  let batch: NetworkEventInput[] = [];
  for await (const text of lines) {
    line++;
    // Header lines are parsed again even when skipped, so a Zeek TSV parser has its #fields.
    if (line <= skip && !text.startsWith('#')) continue;
    const event = parseLine(tail, parser, text, line);
    if (event && line > skip) batch.push(event);
    if (batch.length >= (options.batchSize ?? 500)) {
      await options.send(batch);
      counts.shipped += batch.length;
      batch = [];
      options.positions.set(options.path, { dev: stat.dev, ino: stat.ino, offset: 0, line });
    }
  }
  if (batch.length > 0) await options.send(batch);
  counts.shipped += batch.length;
  options.positions.set(options.path, { dev: stat.dev, ino: stat.ino, offset: 0, line, done: true });
}
