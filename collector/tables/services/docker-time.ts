/**
 * The timestamp arithmetic of osquery's docker.cpp. Docker reports RFC 3339 times with nanoseconds
 * ("2015-01-08T22:57:31.547920715Z"); osquery reads only "%Y-%m-%dT%T" from them (zone ignored), as UTC for the
 * stats `read`/`preread` and as local time for a network's `created`, and takes nanosecond differences from the
 * digits after the dot. The zero time ("0001-01-01T00:00:00Z") is year 1, not 1901 (Date's two-digit-year rule).
 */

const ISO_PREFIX = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/;

/** osquery's getUnixTime: seconds since the epoch, 0 for '' or an unparsable text. */
export function unixTimeOf(iso: string, local: boolean): number {
  const m = ISO_PREFIX.exec(iso);
  if (m === null) return 0;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(0);
  if (local) {
    date.setFullYear(year, month - 1, day);
    date.setHours(hour, minute, second, 0);
  } else {
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, 0);
  }
  return Math.floor(date.getTime() / 1000);
}

/** osquery's diffNanos: the fractional digits of the first time minus those of the second; 0 if either has none. */
export function diffNanos(iso1: string, iso2: string): number {
  const fraction = (iso: string): number | undefined => {
    const digits = /\.(\d+)/.exec(iso)?.[1];
    return digits === undefined ? undefined : Number(digits);
  };
  const a = fraction(iso1);
  const b = fraction(iso2);
  return a === undefined || b === undefined ? 0 : a - b;
}
