/**
 * `osprey replay` throughput on one core: recorded records (the Zeek conn/dns and EVE fixtures, repeated with their
 * timestamps shifted so event time keeps moving and ids stay distinct) read and parsed, then through the enricher
 * and the correlator with the built-in rules (no store), streamed as `osprey replay` runs it. A read + JSON.parse of
 * the same files, in the same run, is the baseline; the parse-only stream (read, parse, window sort, merge) is
 * measured apart, and the pipeline's cost is what the end-to-end run adds to it. A warm-up replay runs first and each
 * figure is the median of alternated rounds, so neither JIT warm-up nor a busy moment decides it. Run alone:
 * `npx tsx bench/replay.bench.ts`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../common/logger.js';
import { fromRoot } from '../common/paths.js';
import { runReplay } from '../cli/replay/replay.js';
import { openRecords } from '../cli/replay/stream.js';
import { formatResults, type BenchResult } from './types.js';

const RECORDS = 120_000;
const GOAL = 50_000;
const FIXTURES = 'sensors/parsers/fixtures';

/** Zeek JSON (`ts` in seconds) and EVE (`timestamp` ISO) lines, copied `copies` times, each copy an hour later. */
function writeWorkload(dir: string, copies: number): string[] {
  const jsonLines = (name: string) =>
    readFileSync(fromRoot(FIXTURES, name), 'utf8')
      .split('\n')
      .filter((l) => l.trim().startsWith('{'));
  const zeek = [...jsonLines('vertical-conn.log'), ...jsonLines('test9-conn.log'), ...jsonLines('wrccdc-dns.json')].map(
    (l) => JSON.parse(l) as Record<string, unknown>,
  );
  const eve = jsonLines('eve-small.log').map((l) => JSON.parse(l) as Record<string, unknown>);
  const zeekOut: string[] = [];
  const eveOut: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const r of zeek)
      zeekOut.push(JSON.stringify({ ...r, ts: shiftZeekTs(r.ts, c), uid: `${String(r.uid)}-${c}` }));
    for (const r of eve) eveOut.push(JSON.stringify({ ...r, timestamp: shiftIso(r.timestamp, c) }));
  }
  const files = [join(dir, 'conn.json'), join(dir, 'eve.json')];
  writeFileSync(files[0] as string, `${zeekOut.join('\n')}\n`);
  writeFileSync(files[1] as string, `${eveOut.join('\n')}\n`);
  return files;
}

/** `copy` hours later, as an ISO time (EVE's `-0400` offsets read as `-04:00`). */
function shiftIso(time: unknown, copy: number): string {
  return new Date(Date.parse(String(time).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) + copy * 3_600_000).toISOString();
}

/** Zeek `ts` is epoch seconds or (JSON logs written with ISO times, as the WRCCDC DNS log is) an ISO string. */
function shiftZeekTs(ts: unknown, copy: number): number | string {
  return typeof ts === 'string' && ts.includes('T') ? shiftIso(ts, copy) : Number(ts) + copy * 3600;
}

/** The baseline: every line of the files read and given to JSON.parse, nothing kept; returns the lines parsed. */
function jsonLines(files: readonly string[]): number {
  let parsed = 0;
  for (const file of files)
    for (const line of readFileSync(file, 'utf8').split('\n'))
      if (line !== '' && (JSON.parse(line) as Record<string, unknown>) !== null) parsed++;
  return parsed;
}

/**
 * CPU seconds (user + system) of this process, not wall time: on a shared machine other jobs' load stretches wall
 * time, while the CPU a single-threaded pass uses is what "records/s on one core" means.
 */
async function timed<T>(work: () => Promise<T> | T): Promise<{ result: T; seconds: number; wallSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return {
    result,
    seconds: (used.user + used.system) / 1e6,
    wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** The baseline row and each figure as a ratio to it: comparable across runs on a busier or quieter machine. */
function baselineRows(baselinePerSecond: number, figures: Record<string, number>): BenchResult[] {
  const baseline = { name: 'line read + JSON.parse', value: baselinePerSecond };
  const names: Record<string, string> = {
    parsePerSecond: 'parse only, against the baseline',
    pipelinePerSecond: 'replay pipeline, against the baseline',
    endToEnd: 'replay end to end, against the baseline',
  };
  return [
    {
      name: 'baseline: read the same files, split lines, JSON.parse each',
      value: baselinePerSecond,
      unit: 'records/s',
      note: 'the least any JSON log reader does, measured in the same run',
    },
    ...Object.entries(figures).map(([key, value]) => ({
      name: names[key] ?? key,
      value,
      unit: 'records/s',
      baseline,
    })),
  ];
}

/** Reads the stream to its end, keeping nothing; returns the records read. */
async function parseOnly(files: readonly string[]): Promise<number> {
  const stream = openRecords(files, 'bench');
  for await (const batch of stream.batches) if (batch.length === 0) break;
  return stream.totals.records;
}

/** Rounds of parse-only and end-to-end runs, alternated; each figure is the median round (noise on a shared host). */
const ROUNDS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** One streamed replay of the files through the built-in rules, no store. */
function replayFiles(files: readonly string[]) {
  const stream = openRecords(files, 'bench');
  return runReplay({ records: stream.batches, storeDir: null, log: silentLogger() }).then((outcome) => ({
    outcome,
    malformed: stream.totals.malformed,
  }));
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-replay-bench-'));
  try {
    const oneCopy = writeWorkload(dir, 1);
    const perCopy = await parseOnly(oneCopy);
    // Warm-up: one whole replay of one copy, so no measured run pays for compiling the parsers, rules or pipeline.
    await replayFiles(oneCopy);
    const files = writeWorkload(dir, Math.ceil(RECORDS / perCopy));
    const baseline = await timed(() => jsonLines(files));
    // Start-up (rules compiled, state built) measured apart, warm as in the runs: it does not grow with the recording.
    const startup = await timed(() => runReplay({ records: [], storeDir: null, log: silentLogger() }));
    const parses: number[] = [];
    const ends: number[] = [];
    const walls: number[] = [];
    let records = 0;
    let last = { alerts: 0, malformed: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const parse = await timed(() => parseOnly(files));
      records = parse.result;
      const replay = await timed(() => replayFiles(files));
      parses.push(parse.seconds);
      ends.push(Math.max(replay.seconds - startup.seconds, 1e-6));
      walls.push(Math.max(replay.wallSeconds - startup.wallSeconds, 1e-6));
      last = { alerts: replay.result.outcome.alerts.length, malformed: replay.result.malformed };
    }
    const parseSeconds = median(parses);
    const endSeconds = median(ends);
    const pipelineSeconds = Math.max(endSeconds - parseSeconds, 1e-6);
    const parsePerSecond = records / parseSeconds;
    const pipelinePerSecond = records / pipelineSeconds;
    const endToEnd = records / endSeconds;
    const wall = records / median(walls);
    const note = `${records.toLocaleString('en-US')} records (Zeek conn/dns JSON, EVE), ${last.malformed} malformed, ${last.alerts} alerts; per CPU second, median of ${ROUNDS} rounds after a warm-up replay`;
    return [
      ...baselineRows(baseline.result / baseline.seconds, { parsePerSecond, pipelinePerSecond, endToEnd }),
      { name: 'parse only (read, parse, window sort, merge)', value: parsePerSecond, unit: 'records/s', note },
      {
        name: 'replay pipeline (enricher + correlator, built-in rules): end to end less parse only',
        value: pipelinePerSecond,
        unit: 'records/s',
        baseline: { name: 'parse only', value: parsePerSecond },
      },
      {
        name: 'replay end to end (streamed: parse + pipeline)',
        value: endToEnd,
        unit: 'records/s',
        baseline: { name: 'goal', value: GOAL },
      },
      {
        name: 'replay end to end, wall clock',
        value: wall,
        unit: 'records/s',
        note: 'stretched by whatever else runs on the host',
      },
      { name: 'start-up (rules compiled, state built)', value: startup.seconds * 1000, unit: 'ms CPU' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatResults('replay', await run()));
