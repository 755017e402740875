/**
 * `logged_in_users`: the current login sessions in utmp (osquery's genLoggedInUsers walks getutxent and skips
 * init's own records, ut_pid 1). No utmp file (containers, minimal VMs) means no rows.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readBytesIfExists } from '../lib/read.js';
import { UTMP_TYPE_NAMES, parseUtmp } from '../lib/utmp.js';

/** glibc's _PATH_UTMP; /var/run is a symlink to /run on current distributions. */
export const UTMP_PATH = '/var/run/utmp';

export function genLoggedInUsers(ctx: QueryContext, path = UTMP_PATH): Row[] {
  const buf = readBytesIfExists(path);
  if (buf === null) return [];
  const { records, trailingBytes } = parseUtmp(buf);
  if (trailingBytes > 0) ctx.errors.skip(`partial record (${trailingBytes} bytes) at the end of ${path}`);
  return records
    .filter((r) => r.pid !== 1)
    .map((r) => ({
      type: UTMP_TYPE_NAMES[r.type] ?? 'unknown',
      user: r.user,
      tty: r.line,
      host: r.host,
      time: r.time,
      pid: r.pid,
    }));
}
