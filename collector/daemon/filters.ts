/**
 * osquery's schedule filters: platform (substring rules, docs/osquery-compatibility.md §3.5), minimum version (`versionAtLeast`) and
 * shard (first byte of SHA1(hostname) scaled to 0-100, §3.3).
 */
import { createHash } from 'node:crypto';
import { OSQUERY_COMPAT_VERSION } from '../../common/version.js';

export { OSQUERY_COMPAT_VERSION };

export type BuildPlatform = 'linux' | 'darwin' | 'windows' | 'freebsd';

/** checkPlatform: empty/"null", "any", "all" run everywhere; linux, ubuntu, centos mean Linux; posix means not Windows. */
export function platformMatches(platform: string | undefined, build: BuildPlatform = 'linux'): boolean {
  const p = (platform ?? '').trim();
  if (p === '' || p === 'null') return true;
  if (p.includes('any') || p.includes('all')) return true;
  if (build === 'linux' && (p.includes('linux') || p.includes('ubuntu') || p.includes('centos'))) return true;
  if (build !== 'windows' && p.includes('posix')) return true;
  return p.includes(build);
}

/** versionAtLeast(required, running): empty or "null" means any; compares dotted numeric parts. */
export function versionAtLeast(required: string | undefined, running: string = OSQUERY_COMPAT_VERSION): boolean {
  const want = (required ?? '').trim();
  if (want === '' || want === 'null') return true;
  const parse = (v: string): number[] =>
    v
      .split(/[.-]/)
      .slice(0, 3)
      .map((part) => Number.parseInt(part, 10) || 0);
  const a = parse(running);
  const b = parse(want);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** getMachineShard: (first byte of SHA1(hostname)) * 100 / 255, integer division. */
export function machineShard(hostname: string): number {
  const firstByte = createHash('sha1').update(hostname).digest()[0] ?? 0;
  return Math.floor((firstByte * 100) / 255);
}

/** A query or pack with `shard` runs only where shard >= the machine's shard; 0 or absent means every host. */
export function shardMatches(shard: number | undefined, hostname: string): boolean {
  if (shard === undefined || shard <= 0) return true;
  return shard >= machineShard(hostname);
}
