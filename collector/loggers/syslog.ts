/**
 * osquery's syslog logger (docs/osquery-compatibility.md §5.3), writing what glibc's syslog() would to the local syslog socket
 * (/dev/log, a datagram socket, reached through the native addon since Node lacks SOCK_DGRAM): `<PRI>Mmm dd hh:mm:ss
 * osqueryd[pid]: <msg>` with facility --logger_syslog_facility (19 = LOCAL3; outside 0..23 reset to 19). Results and
 * snapshots at LOG_INFO, optionally prefixed `@cee:`; status logs at NOTICE/WARNING/ERR/CRIT as
 * `severity=<n> location=<file>:<line> message=<msg>`. The program name stays `osqueryd` so existing syslog rules
 * match. With no socket, lines are dropped (as syslog() does) and a clear error is logged once per outage.
 */
import { existsSync } from 'node:fs';
import { counter } from '../../common/metrics.js';
import { sendDatagram } from './unix-dgram.js';
import { formatDiff, formatOptionsFromFlags, formatSnapshot } from './format.js';
import type { LogPayload, LogRecord, LoggerPlugin, LoggerPluginContext } from './types.js';

const LOG_INFO = 6;
const STATUS_PRIORITY = [5, 4, 3, 2]; // NOTICE, WARNING, ERR, CRIT for INFO, WARNING, ERROR, FATAL
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function createSyslogLogger(ctx: LoggerPluginContext): LoggerPlugin {
  const path = ctx.flags.get('logger_syslog_socket') || '/dev/log';
  const dropped = counter(ctx.metrics, 'osprey_syslog_dropped_lines_total', 'Syslog lines dropped: no syslog socket.');
  const log = ctx.log.child({ component: 'syslog-logger' });
  let outage = false;

  return {
    name: 'syslog',
    async deliver(records: readonly LogRecord[]): Promise<void> {
      const messages = records.flatMap(({ payload }) => syslogMessages(payload, ctx));
      if (!existsSync(path)) {
        if (!outage)
          log.error({ path }, `The syslog socket ${path} does not exist; syslog lines are dropped until it does.`);
        outage = true;
        dropped.inc(messages.length);
        return;
      }
      outage = false;
      for (const message of messages) sendDatagram(path, Buffer.from(message));
    },
    async close(): Promise<void> {},
    async healthcheck(): Promise<boolean> {
      return existsSync(path);
    },
  };
}

export function syslogMessages(payload: LogPayload, ctx: Pick<LoggerPluginContext, 'flags'>): string[] {
  let facility = ctx.flags.getNumber('logger_syslog_facility');
  if (!Number.isInteger(facility) || facility < 0 || facility > 23) facility = 19;
  const cee = ctx.flags.getBool('logger_syslog_prepend_cee') ? '@cee:' : '';
  const options = formatOptionsFromFlags(ctx.flags);
  const unixTime = payload.unixTime;
  if (payload.kind === 'status') {
    const text = `severity=${payload.severity} location=${payload.filename}:${payload.line} message=${payload.message}`;
    return [frame(facility * 8 + (STATUS_PRIORITY[payload.severity] ?? 5), unixTime, text)];
  }
  const lines = payload.kind === 'diff' ? formatDiff(payload, options) : formatSnapshot(payload, options);
  return lines.map((line) => frame(facility * 8 + LOG_INFO, unixTime, `${cee}${line}`));
}

/** glibc syslog()'s local wire format (RFC 3164 style, no hostname). */
function frame(priority: number, unixTime: number, message: string): string {
  const d = new Date(unixTime * 1000);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `<${priority}>${stamp} osqueryd[${process.pid}]: ${message}`;
}
