/**
 * `last`: login and logout records from wtmp (osquery's genLastAccess; on Linux it keeps USER_PROCESS and
 * DEAD_PROCESS entries, the ones last(1) pairs into sessions). No wtmp file means no rows.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readBytesIfExists } from '../lib/read.js';
import { DEAD_PROCESS, USER_PROCESS, UTMP_TYPE_NAMES, parseUtmp } from '../lib/utmp.js';

export const WTMP_PATH = '/var/log/wtmp';

export function genLast(ctx: QueryContext, path = WTMP_PATH): Row[] {
  const buf = readBytesIfExists(path);
  if (buf === null) return [];
  const { records, trailingBytes } = parseUtmp(buf);
  if (trailingBytes > 0) ctx.errors.skip(`partial record (${trailingBytes} bytes) at the end of ${path}`);
  return records
    .filter((r) => r.type === USER_PROCESS || r.type === DEAD_PROCESS)
    .map((r) => ({
      username: r.user,
      tty: r.line,
      pid: r.pid,
      type: r.type,
      type_name: UTMP_TYPE_NAMES[r.type] ?? 'unknown',
      time: r.time,
      host: r.host,
    }));
}
