/**
 * What `osprey run` shows while it works: a one-line status (rows collected, events enriched, documents indexed,
 * alerts) refreshed in place on a terminal and printed every 30 s otherwise, and each new alert as it happens.
 */
import type { Registry } from 'prom-client';
import type { Bus } from '../../common/bus/types.js';
import { defaultCodec } from '../../common/codec/avro.js';
import type { Logger } from '../../common/logger.js';
import { TOPICS } from '../../common/topics.js';

export interface ConsoleOptions {
  bus: Bus;
  registry: Registry;
  log: Logger;
  out?: NodeJS.WriteStream;
}

async function total(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

export async function statusLine(registry: Registry, alerts: number): Promise<string> {
  const sent = (stage: string) => total(registry, 'osprey_component_sent_events_total', { stage });
  const rows = await total(registry, 'osprey_scheduled_query_rows_total');
  const received = rows || (await total(registry, 'osprey_component_received_events_total', { stage: 'enricher' }));
  return `rows collected ${received} | events enriched ${await sent('enricher')} | indexed ${await sent('indexer')} | alerts ${alerts}`;
}

interface AlertView {
  severity: string;
  rule: { name: string };
  message: string;
  host?: { hostname?: string | null } | null;
  process?: { pid?: number | null; name?: string | null; executable?: string | null } | null;
  user?: { name?: string | null } | null;
}

export function alertLine(alert: AlertView): string {
  const proc = alert.process;
  const who = proc
    ? ` process ${proc.name ?? '?'}${proc.pid != null ? ` (pid ${proc.pid})` : ''}${proc.executable ? ` ${proc.executable}` : ''}`
    : '';
  const user = alert.user?.name ? ` user ${alert.user.name}` : '';
  const host = alert.host?.hostname ? ` on ${alert.host.hostname}` : '';
  return `ALERT [${alert.severity}] ${alert.rule.name}${host}:${who}${user} — ${alert.message}`;
}

export function startConsole(options: ConsoleOptions): { stop(): Promise<void> } {
  const out = options.out ?? process.stdout;
  const tty = out.isTTY === true;
  let alerts = 0;
  const codec = defaultCodec();
  const consumer = options.bus.consumer({
    groupId: 'osprey-run-console',
    topics: [TOPICS.alerts],
    fromBeginning: false,
  });
  const clear = (): void => {
    if (tty) out.write('\r\x1b[2K');
  };
  const done = consumer.run(async (batch) => {
    for (const message of batch.messages) {
      try {
        const decoded = codec.decode(message.value, message);
        if (decoded.schemaName !== 'alert') continue;
        alerts++;
        clear();
        out.write(`${alertLine(decoded.value as unknown as AlertView)}\n`);
      } catch (err) {
        options.log.debug({ err }, 'Could not show an alert.');
      }
    }
  });
  const show = async (): Promise<void> => {
    const line = await statusLine(options.registry, alerts);
    if (tty) out.write(`\r\x1b[2K${line}`);
    else out.write(`${new Date().toISOString()} ${line}\n`);
  };
  const timer = setInterval(() => void show(), tty ? 1000 : 30_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await show();
      if (tty) out.write('\n');
      await consumer.close();
      await done;
    },
  };
}
