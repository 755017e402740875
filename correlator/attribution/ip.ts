/** Address spellings differ between sensors and /proc (`fe80:0000:…`, `::ffff:1.2.3.4`); joins need one form. */
import { isIP } from 'node:net';
import { addressBytes } from '../../common/community-id.js';

const cache = new Map<string, string>();
const CACHE_LIMIT = 65_536;

/** Lower-case, compressed IPv6; IPv4-mapped IPv6 as plain IPv4; anything unparseable unchanged. */
export function canonicalIp(ip: string): string {
  if (isPlainIpv4(ip)) return ip;
  const known = cache.get(ip);
  if (known !== undefined) return known;
  const canonical = computeCanonical(ip);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(ip, canonical);
  return canonical;
}

function isPlainIpv4(ip: string): boolean {
  return ip.indexOf(':') < 0;
}

function computeCanonical(ip: string): string {
  if (isIP(ip.split('%')[0] ?? ip) !== 6) return ip;
  const bytes = addressBytes(ip);
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  return compressIpv6(groups);
}

/** RFC 5952: the longest run (≥2) of zero groups becomes `::`. */
function compressIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

export function isWildcard(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || ip === '';
}

export function isIpAddress(ip: string): boolean {
  return isIP(ip) !== 0;
}
