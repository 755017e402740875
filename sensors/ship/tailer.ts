/**
 * Reads a Zeek or Suricata log like a log shipper: from the remembered position, record by record, handing batches
 * to `send` and saving the position only after `send` resolves (so a crash re-sends at most the batch in flight,
 * and network event ids, hashes of the record, make those duplicates harmless). With `follow` it keeps reading as
 * the file grows, and notices rotation (a new inode at the path: the old file is read to its end first) and
 * truncation (size below the offset: start again at 0). `.gz` files are read once, not followed.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
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
    await readGzip(options, counts);
    return counts;
  }
  let reader = openReader(options);
  try {
    for (;;) {
      await reader.readAvailable(counts);
      if (!options.follow || options.signal?.aborted) break;
      const rotated = reader.changed();
      if (rotated === 'rotated') {
        await reader.readAvailable(counts, true); // the rest of the old file, last line too: it will not grow
        reader.close();
        options.log.info({ path: options.path }, 'Log file rotated; reading the new file from its start.');
        reader = openReader(options, true);
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

interface Reader {
  /** `final`: the file will not grow, so a last line without a newline is complete. */
  readAvailable(counts: TailCounts, final?: boolean): Promise<void>;
  changed(): 'same' | 'rotated' | 'truncated';
  restart(): void;
  close(): void;
}

function openReader(options: TailOptions, fresh = false): Reader {
  const fd = openSync(options.path, 'r');
  const stat = fstatSync(fd);
  const saved = options.positions.get(options.path);
  const resume = !fresh && saved && saved.dev === stat.dev && saved.ino === stat.ino && saved.offset <= stat.size;
  let offset = resume ? saved.offset : 0;
  let line = resume ? saved.line : 0;
  let parser = SENSOR_KINDS[options.kind](options.sensorName, options.path);
  if (offset > 0) primeHeaders(fd, parser, options.path);
  let pending = Buffer.alloc(0);
  const buffer = Buffer.allocUnsafe(CHUNK);

  return {
    async readAvailable(counts, final = !options.follow) {
      let batch: NetworkEventInput[] = [];
      let batchEnd = { offset, line };
      for (;;) {
        const read = readSync(fd, buffer, 0, CHUNK, offset + pending.length);
        if (read === 0) break;
        pending = Buffer.concat([pending, buffer.subarray(0, read)]);
        let start = 0;
        for (let nl = pending.indexOf(10, start); nl >= 0; nl = pending.indexOf(10, start)) {
          line++;
          const event = parseLine(parser, pending.toString('utf8', start, nl), options, line, counts);
          start = nl + 1;
          batchEnd = { offset: offset + start, line };
          if (event) batch.push(event);
          if (batch.length >= (options.batchSize ?? 500)) {
            await commit(options, stat, batch, batchEnd, counts);
            batch = [];
          }
        }
        offset += start;
        pending = pending.subarray(start);
      }
      // A last line without its newline is still being written, unless the file will not grow (no --follow).
      if (final && pending.length > 0) {
        line++;
        const event = parseLine(parser, pending.toString('utf8'), options, line, counts);
        offset += pending.length;
        pending = Buffer.alloc(0);
        batchEnd = { offset, line };
        if (event) batch.push(event);
      }
      await commit(options, stat, batch, batchEnd, counts);
    },
    changed() {
      let now: Stats;
      try {
        now = statSync(options.path);
      } catch {
        return 'same'; // between a rename and the new file's creation
      }
      if (now.ino !== stat.ino || now.dev !== stat.dev) return 'rotated';
      return now.size < offset ? 'truncated' : 'same';
    },
    restart() {
      offset = 0;
      line = 0;
      pending = Buffer.alloc(0);
      parser = SENSOR_KINDS[options.kind](options.sensorName, options.path);
    },
    close() {
      closeSync(fd);
    },
  };
}

async function commit(
  options: TailOptions,
  stat: Stats,
  batch: NetworkEventInput[],
  end: { offset: number; line: number },
  counts: TailCounts,
): Promise<void> {
  if (batch.length > 0) await options.send(batch);
  counts.shipped += batch.length;
  const saved = options.positions.get(options.path);
  if (saved && saved.offset === end.offset && saved.ino === stat.ino) return;
  options.positions.set(options.path, { dev: stat.dev, ino: stat.ino, offset: end.offset, line: end.line });
}

function parseLine(
  parser: LogParser,
  text: string,
  options: TailOptions,
  line: number,
  counts: TailCounts,
): NetworkEventInput | null {
  try {
    return parser.parse(text, { file: options.path, line });
  } catch (err) {
    counts.broken++;
    options.log.warn({ err }, 'Skipped a broken log line.');
    options.onLineError?.(err as Error);
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

async function readGzip(options: TailOptions, counts: TailCounts): Promise<void> {
  const stat = statSync(options.path);
  const saved = options.positions.get(options.path);
  const same = saved && saved.dev === stat.dev && saved.ino === stat.ino;
  if (same && saved.done) return;
  const skip = same ? saved.line : 0;
  const parser = SENSOR_KINDS[options.kind](options.sensorName, options.path);
  const lines = createInterface({ input: createReadStream(options.path).pipe(createGunzip()), crlfDelay: Infinity });
  let line = 0;
  let batch: NetworkEventInput[] = [];
  for await (const text of lines) {
    line++;
    // Header lines are parsed again even when skipped, so a Zeek TSV parser has its #fields.
    if (line <= skip && !text.startsWith('#')) continue;
    const event = parseLine(parser, text, options, line, counts);
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
