/**
 * Splayed intervals (docs/osquery-compatibility.md §2.6): an integer in [interval - interval*p/100, interval + interval*p/100], at least
 * 1, with p = schedule_splay_percent (values <= 1 reset to 10 as osquery does when packs load). osquery draws it at
 * random; Osprey derives it from SHA1(hostname, query name) so a fleet still spreads out while each host and query
 * keeps the same splay across restarts and reinstalls. Stored like osquery's `interval.<name>` = `<interval>:<splay>`
 * and reused while the configured interval is unchanged.
 */
import { createHash } from 'node:crypto';

export interface SplayStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export function effectiveSplayPercent(percent: number): number {
  return percent <= 1 ? 10 : percent;
}

export function deterministicSplay(interval: number, percent: number, hostname: string, name: string): number {
  const p = effectiveSplayPercent(percent);
  const spread = Math.floor((interval * p) / 100);
  if (spread === 0) return Math.max(1, interval);
  const digest = createHash('sha1').update(`${hostname}\0${name}`).digest();
  const draw = digest.readUInt32BE(0) % (2 * spread + 1);
  return Math.max(1, interval - spread + draw);
}

/** The stored splay for this interval, or a new one (stored). */
export function splayedInterval(
  store: SplayStore,
  query: { readonly name: string; readonly interval: number },
  percent: number,
  hostname: string,
): number {
  const { name, interval } = query;
  const key = `interval.${name}`;
  const stored = store.get(key);
  if (stored) {
    const [was, splay] = stored.split(':').map(Number);
    if (was === interval && splay !== undefined && Number.isInteger(splay) && splay > 0) return splay;
  }
  const splay = deterministicSplay(interval, percent, hostname, name);
  store.set(key, `${interval}:${splay}`);
  return splay;
}
