/**
 * Correlator throughput on one core, per CPU second (attribution plus the built-in rules: IDS, 167 Sigma rules, sequences,
 * counts and anomaly models) and memory per million tracked flows. Events are built before the clock starts.
 * Run alone: `npx tsx bench/correlator.bench.ts` (OSPREY_BENCH_SKIP_MEMORY=1 leaves out the million-flow memory run,
 * for profiling).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Registry } from 'prom-client';
import { silentLogger } from '../common/logger.js';
import { DEFAULT_ATTRIBUTION } from '../correlator/attribution/config.js';
import { SocketIndex } from '../correlator/attribution/socket-index.js';
import { buildCorrelator } from '../correlator/build.js';
import type { CorrelatorInput } from '../correlator/stage.js';
import { flowEvent, host, processEvent, socketRow } from './support/correlator-events.js';
import { formatResults, type BenchResult } from './types.js';

const HOSTS = 500;
const GOAL = 100_000;

/** One connection's worth of events: the process start, its socket row, and the sensor's flow record. */
export function workload(connections: number): CorrelatorInput[] {
  const hosts = Array.from({ length: HOSTS }, (_, i) => host(`h${i}`, [`10.${(i >> 8) & 255}.${i & 255}.1`]));
  const t0 = 1_700_000_000_000;
  const inputs: CorrelatorInput[] = [];
  const executables = ['/usr/bin/curl', '/usr/bin/python3', '/usr/sbin/nginx', '/usr/bin/ssh', '/opt/app/bin/server'];
  for (let i = 0; i < connections; i++) {
    const h = hosts[i % HOSTS] ?? hosts[0];
    if (!h) break;
    const ip = h.ip?.[0] ?? '10.0.0.1';
    const time = t0 + i * 2;
    const pid = 1000 + (i % 5000);
    const exe = executables[i % executables.length] ?? '/usr/bin/curl';
    const dst = `93.184.${(i >> 8) & 255}.${i & 255}`;
    const port = 20_000 + (i % 40_000);
    if (i % 4 === 0) {
      inputs.push({
        schema: 'enriched_event',
        value: processEvent({
          host: h,
          time,
          process: {
            pid,
            name: exe.split('/').pop() ?? null,
            executable: exe,
            command_line: `${exe} --run ${i}`,
            hash: { sha256: 'a'.repeat(64) },
          },
          user: { id: '1000', name: 'app' },
        }),
      });
    }
    inputs.push({
      schema: 'enriched_event',
      value: socketRow({ host: h, time, pid, localIp: ip, localPort: port, remoteIp: dst, remotePort: 443 }),
    });
    const alert = i % 50 === 0 ? { signature: 'ET TEST', signature_id: 1, severity: 2 } : undefined;
    inputs.push({
      schema: 'network_event',
      value: flowEvent({
        time: time + 1,
        srcIp: ip,
        srcPort: port,
        dstIp: dst,
        dstPort: 443,
        ...(alert ? { alert, sensor: 'suricata' as const } : {}),
      }),
    });
  }
  return inputs;
}

async function throughput(
  withRules: boolean,
  inputs: readonly CorrelatorInput[],
): Promise<{ perSecond: number; alerts: number; attributed: number }> {
  const { stage } = buildCorrelator({
    attribution: { ...DEFAULT_ATTRIBUTION, allowedLatenessMs: 1_000 },
    rules: { builtin: withRules, dirs: [] },
    registry: new Registry(),
    log: silentLogger(),
  });
  let alerts = 0;
  let attributed = 0;
  const count = (outputs: Awaited<ReturnType<typeof stage.process>>) => {
    for (const o of outputs)
      if (o.kind === 'alert') alerts++;
      else attributed++;
  };
  const seconds = await cpuSeconds(async () => {
    for (let i = 0; i < inputs.length; i += 500) count(await stage.process(inputs.slice(i, i + 500)));
    count(await stage.close());
  });
  return { perSecond: inputs.length / seconds, alerts, attributed };
}

/**
 * CPU seconds (user + system) a piece of work takes: on a shared machine other jobs stretch wall time, while the
 * CPU a single-threaded pass uses is what "events/s on one core" means.
 */
async function cpuSeconds(work: () => Promise<void> | void): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return Math.max((used.user + used.system) / 1e6, 1e-6);
}

/**
 * The baseline row, measured in the same run: a JSON round trip of every input (what the bus codec would cost at
 * least), so figures from runs on a busier or quieter machine compare as ratios.
 */
async function jsonRoundTrip(inputs: readonly CorrelatorInput[]): Promise<number> {
  let bytes = 0;
  const seconds = await cpuSeconds(() => {
    for (const input of inputs) bytes += (JSON.parse(JSON.stringify(input.value)) as { id?: string }).id?.length ?? 0;
  });
  if (bytes === 0) throw new Error('the baseline saw no events');
  return inputs.length / seconds;
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Heap bytes per tracked flow (a socket keyed by its 5-tuple), for one million of them. */
function memoryPerMillionFlows(): number {
  const n = 1_000_000;
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const index = new SocketIndex(n, 3_600_000, 3_600_000);
  for (let i = 0; i < n; i++) {
    index.observe(
      {
        hostKey: `h${i % HOSTS}-id`,
        transport: 'tcp',
        localIp: `10.0.${(i >> 16) & 255}.${(i >> 8) & 255}`,
        localPort: 1024 + ((i & 0xffff) % 60_000),
        remoteIp: `93.184.${(i >> 8) & 255}.${i & 255}`,
        remotePort: 443,
        listening: false,
        pid: i % 30_000,
        closed: false,
        openEnded: true,
        time: i,
      },
      null,
    );
  }
  collectGarbage();
  const bytes = process.memoryUsage().heapUsed - before;
  if (index.size !== n) throw new Error(`expected ${n} tracked flows, have ${index.size}`);
  return bytes / (1024 * 1024);
}

export async function run(): Promise<BenchResult[]> {
  const inputs = workload(60_000);
  await throughput(true, inputs.slice(0, 20_000)); // warm-up: JIT, rule compilation caches
  const baseline = await jsonRoundTrip(inputs);
  const attributionOnly = await throughput(false, inputs);
  const full = await throughput(true, inputs);
  const memory = process.env.OSPREY_BENCH_SKIP_MEMORY ? null : memoryPerMillionFlows();
  const versusBaseline = { name: 'JSON round trip', value: baseline };
  return [
    {
      name: 'baseline: JSON.stringify + JSON.parse of each event (events/s, one core)',
      value: baseline,
      unit: 'events/s',
      note: 'per CPU second, as every row here',
    },
    {
      name: 'attribution + built-in rules, against the baseline',
      value: full.perSecond,
      unit: 'events/s',
      baseline: versusBaseline,
    },
    {
      name: 'attribution only, against the baseline',
      value: attributionOnly.perSecond,
      unit: 'events/s',
      baseline: versusBaseline,
    },
    {
      name: 'attribution + built-in rules (events/s, one core)',
      value: full.perSecond,
      unit: 'events/s',
      baseline: { name: 'goal', value: GOAL },
      note: `${inputs.length} events (process starts, socket rows, flows; 2% IDS alerts), ${HOSTS} hosts; ${full.attributed} flows attributed, ${full.alerts} alerts`,
    },
    {
      name: 'attribution only (events/s, one core)',
      value: attributionOnly.perSecond,
      unit: 'events/s',
      baseline: { name: 'goal', value: GOAL },
    },
    {
      name: "built-in rules' own cost (µs per event, one core)",
      value: 1e6 / full.perSecond - 1e6 / attributionOnly.perSecond,
      unit: 'µs/event',
      note: 'the two rows above as CPU time per event: attribution + rules less attribution only',
    },
    // Left out, not shown as 0, when OSPREY_BENCH_SKIP_MEMORY skipped the run.
    ...(memory === null
      ? []
      : [
          {
            name: 'memory per million tracked flows',
            value: memory,
            unit: 'MiB',
            note: 'heap growth for 1,000,000 sockets keyed by 5-tuple (SocketIndex)',
          },
        ]),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatResults('correlator', await run()));
}
