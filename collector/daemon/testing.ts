/** Test helpers for collector/daemon's tests. The daemon-as-a-child-process helpers live in bench/support (the
 * benchmarks use them too, and they import no test helpers). */
import type { StatusRecord } from '../loggers/types.js';

export * from '../../bench/support/daemon-process.js';

/** A status log record with the given message and fixed other fields. */
export function statusRecord(message: string): StatusRecord {
  return {
    kind: 'status',
    hostIdentifier: 'h',
    calendarTime: 'c',
    unixTime: 0,
    severity: 0,
    filename: 'f',
    line: 1,
    message,
    version: 'v',
  };
}
