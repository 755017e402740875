/** Generator of the `time` table: the current time in UTC, shaped as osquery's genTime prints it. */
import type { Row } from '../../engine/spec.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number): string => String(n).padStart(2, '0');

/** asctime() without its newline: `Sun Nov 22 05:48:40 2026`. */
function asctime(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${SHORT_DAYS[d.getUTCDay()]} ${SHORT_MONTHS[d.getUTCMonth()]} ${day} ${clock} ${d.getUTCFullYear()}`;
}

/**
 * Built once, on first use: constructing an Intl formatter costs more than the rest of a scan, and building it at
 * import time would add ~20 ms to every shell start (every table module is imported at start).
 */
let zoneFormat: Intl.DateTimeFormat | undefined;

function localTimezone(d: Date): string {
  zoneFormat ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' });
  const part = zoneFormat.formatToParts(d).find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'UTC';
}

export function timeRow(now: Date = new Date()): Row {
  const iso = `${now.toISOString().slice(0, 19)}Z`;
  return {
    weekday: WEEKDAYS[now.getUTCDay()],
    year: now.getUTCFullYear(),
    month: now.getUTCMonth() + 1,
    day: now.getUTCDate(),
    hour: now.getUTCHours(),
    minutes: now.getUTCMinutes(),
    seconds: now.getUTCSeconds(),
    timezone: 'UTC',
    local_timezone: localTimezone(now),
    unix_time: Math.floor(now.getTime() / 1000),
    timestamp: `${asctime(now)} UTC`,
    datetime: iso,
    iso_8601: iso,
  };
}

const systemClock = (): Date => new Date();

/** Where the table reads the current time: the system clock, or a test's clock (no test sleeps across a second). */
let clock: () => Date = systemClock;

/** Test seam: every query reads `testClock` until it is reset with no argument. */
export function setClockForTesting(testClock?: () => Date): void {
  clock = testClock ?? systemClock;
}

export function* generateTime(): Iterable<Row> {
  yield timeRow(clock());
}
