/**
 * Avro (our codec, Confluent framing) against JSON for osquery result rows: encode and decode rates and bytes per
 * row. The row is a process_events-like differential row: 12 columns and 3 decorations, values as osquery's strings.
 */
import { defaultCodec, type AvroCodec } from '../common/codec/avro.js';
import type { BenchResult } from './types.js';

const ROWS = 200_000;

export function sampleRow(i: number) {
  return {
    id: '9f2b4c7d1e0a5b3c8d6e4f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c',
    name: 'pack_security_process_events',
    hostIdentifier: 'web-01.prod.example.com',
    calendarTime: 'Sun Nov 22 05:42:40 2026 UTC',
    unixTime: 1795326160 + i,
    epoch: 0,
    counter: i,
    numerics: false,
    action: 'added' as const,
    decorations: { host_uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32', hostname: 'web-01', username: 'root' },
    columns: {
      pid: String(10_000 + i),
      parent: '1',
      path: '/usr/bin/curl',
      cmdline: `curl -s https://example.com/api/${i}`,
      cwd: '/home/deploy',
      uid: '1000',
      gid: '1000',
      euid: '1000',
      auid: '1000',
      time: String(1795326160 + i),
      syscall: 'execve',
      overflows: '',
    },
  };
}

function rate(count: number, started: bigint): number {
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

function best(runs: number, fn: () => number): number {
  let top = 0;
  for (let i = 0; i < runs; i++) top = Math.max(top, fn());
  return top;
}

export async function run(): Promise<BenchResult[]> {
  const codec: AvroCodec = defaultCodec();
  const rows = Array.from({ length: ROWS }, (_, i) => sampleRow(i));
  const avro = rows.map((r) => codec.encode('result_event', r));
  const json = rows.map((r) => Buffer.from(JSON.stringify(r)));
  const encodeAvro = best(3, () => {
    const t = process.hrtime.bigint();
    for (const r of rows) codec.encode('result_event', r);
    return rate(ROWS, t);
  });
  const encodeJson = best(3, () => {
    const t = process.hrtime.bigint();
    for (const r of rows) Buffer.from(JSON.stringify(r));
    return rate(ROWS, t);
  });
  const decodeAvro = best(3, () => {
    const t = process.hrtime.bigint();
    for (const b of avro) codec.decode(b);
    return rate(ROWS, t);
  });
  const decodeJson = best(3, () => {
    const t = process.hrtime.bigint();
    for (const b of json) JSON.parse(b.toString());
    return rate(ROWS, t);
  });
  const avroBytes = avro.reduce((s, b) => s + b.length, 0) / ROWS;
  const jsonBytes = json.reduce((s, b) => s + b.length, 0) / ROWS;
  return [
    {
      name: 'Avro encode (framed)',
      value: encodeAvro,
      unit: 'rows/s',
      baseline: { name: 'JSON.stringify + Buffer.from', value: encodeJson },
    },
    {
      name: 'Avro decode (framed)',
      value: decodeAvro,
      unit: 'rows/s',
      baseline: { name: 'JSON.parse', value: decodeJson },
    },
    {
      name: 'Avro bytes per row',
      value: avroBytes,
      unit: 'B',
      baseline: { name: 'JSON bytes per row', value: jsonBytes },
      note: '12 columns, 3 decorations, 5-byte header included',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatResults } = await import('./types.js');
  console.log(formatResults('avro', await run()));
}
