/**
 * --logger_plugin=tls (docs/osquery-compatibility.md §6.4): result and status lines POSTed to --logger_tls_endpoint as
 * `{"node_key","log_type":"result"|"status","data":[<line as a JSON object>]}`, at most --logger_tls_max_lines lines
 * a request, every --logger_tls_period seconds, gzip'd with --logger_tls_compress. osquery buffers in RocksDB; here
 * the daemon's on-disk log queue is the buffer and this plugin's cursor in it advances only when every request of a
 * delivery got a 200 without node_invalid, so a server outage or a daemon restart loses nothing (a delivery that
 * fails half-way is sent again whole: at least once). Failures back off exponentially up to --logger_tls_backoff_max.
 */
import { OspreyError } from '../../common/errors.js';
import { counter } from '../../common/metrics.js';
import { formatDiff, formatOptionsFromFlags, formatSnapshot, formatStatus } from './format.js';
import type { LoggerPlugin, LoggerPluginContext, LogRecord, TlsLogSession } from './types.js';

type LogType = 'result' | 'status';

export function createTlsLogger(ctx: LoggerPluginContext, given?: TlsLogSession): LoggerPlugin {
  // The daemon's enrolled session travels in the context (remote management opens it when a logger is tls).
  const session = given ?? ctx.tlsSession?.();
  if (session === undefined) {
    throw new OspreyError('CONFIG_INVALID', "--logger_plugin=tls needs the daemon's TLS session (remote management)", {
      retriable: false,
    });
  }
  const log = ctx.log.child({ component: 'tls-logger' });
  const dropped = counter(
    ctx.metrics,
    'osprey_tls_logger_dropped_lines_total',
    'Log lines not sent: longer than --logger_tls_max_linesize.',
  );
  const sentLines = counter(ctx.metrics, 'osprey_tls_logger_lines_total', 'Log lines the TLS server accepted.', [
    'log_type',
  ]);
  let lastAttemptMs = 0;
  let failures = 0;

  const send = async (type: LogType, data: readonly unknown[]): Promise<void> => {
    const endpoint = ctx.flags.get('logger_tls_endpoint') ?? '';
    const max = Math.max(1, ctx.flags.getNumber('logger_tls_max_lines'));
    for (let at = 0; at < data.length; at += max) {
      const chunk = data.slice(at, at + max);
      await session.call(
        endpoint,
        { log_type: type, data: chunk },
        { compress: ctx.flags.getBool('logger_tls_compress') },
      );
      sentLines.inc({ log_type: type }, chunk.length);
    }
  };

  return {
    name: 'tls',
    ready(): boolean {
      const period = Math.max(0, ctx.flags.getNumber('logger_tls_period')) * 1000;
      const backoffMax = Math.max(1, ctx.flags.getNumber('logger_tls_backoff_max')) * 1000;
      const wait = failures === 0 ? period : Math.min(Math.max(period, 1000) * 2 ** failures, backoffMax);
      return Date.now() - lastAttemptMs >= wait;
    },
    async deliver(records: readonly LogRecord[]): Promise<void> {
      lastAttemptMs = Date.now();
      const { results, statuses, tooLong } = linesOf(records, ctx);
      if (tooLong > 0) {
        dropped.inc(tooLong);
        log.warn({ lines: tooLong }, `Dropped ${tooLong} log lines longer than --logger_tls_max_linesize.`);
      }
      try {
        await send('result', results);
        if (!ctx.flags.getBool('tls_disable_status_log')) await send('status', statuses);
      } catch (err) {
        failures += 1;
        throw err;
      }
      failures = 0;
    },
    async close(): Promise<void> {
      session.release();
    },
  };
}

/** Each record's osquery lines (the filesystem logger's exact text), parsed back into objects as osquery sends them. */
function linesOf(
  records: readonly LogRecord[],
  ctx: LoggerPluginContext,
): { results: unknown[]; statuses: unknown[]; tooLong: number } {
  const options = formatOptionsFromFlags(ctx.flags);
  const maxSize = ctx.flags.getNumber('logger_tls_max_linesize');
  const results: unknown[] = [];
  const statuses: unknown[] = [];
  let tooLong = 0;
  const add = (target: unknown[], line: string): void => {
    if (maxSize > 0 && Buffer.byteLength(line) > maxSize) tooLong += 1;
    else target.push(JSON.parse(line));
  };
  for (const { payload } of records) {
    if (payload.kind === 'diff') for (const line of formatDiff(payload, options)) add(results, line);
    else if (payload.kind === 'snapshot') for (const line of formatSnapshot(payload, options)) add(results, line);
    else add(statuses, formatStatus(payload, options));
  }
  return { results, statuses, tooLong };
}
