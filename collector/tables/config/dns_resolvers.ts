/**
 * dns_resolvers, as osquery's posix genDNSResolvers, which calls res_init() and reads glibc's `_res`: Osprey parses
 * /etc/resolv.conf the way glibc's __res_vinit does (nameserver, domain, search, sortlist, options), with its limits
 * (3 nameservers, 6 search domains, 10 sortlist pairs) and defaults (127.0.0.1 when no nameserver; the host's
 * domain when no search/domain line). `options` is `_res.options`: RES_INIT | RES_DEFAULT plus the option bits.
 */
import { hostname } from 'node:os';
import { isIPv4, isIPv6 } from 'node:net';
import type { QueryContext, Row } from '../../engine/spec.js';
import { rowsFromEtcFile } from './etc_files.js';

const MAXNS = 3;
const MAXDNSRCH = 6;
const MAXRESOLVSORT = 10;
const RES_INIT = 0x1;
const RES_DEFAULT = 0x40 | 0x80 | 0x200; // RES_RECURSE | RES_DEFNAMES | RES_DNSRCH

/** resolv.conf `options` keywords and the `_res.options` bits glibc sets for them. */
const OPTION_BITS: Record<string, number> = {
  debug: 0x2,
  'use-vc': 0x8,
  rotate: 0x4000,
  edns0: 0x100000,
  'single-request': 0x200000,
  'single-request-reopen': 0x400000,
  'no-tld-query': 0x1000000,
  'no-reload': 0x2000000,
  'trust-ad': 0x4000000,
};

interface ResolverConfig {
  nameservers: string[];
  search: string[] | null;
  sortlist: Array<{ address: string; netmask: string }>;
  options: number;
}

export function genDnsResolvers(ctx: QueryContext): Iterable<Row> {
  return rowsFromEtcFile(ctx, '/etc/resolv.conf', (text) => resolverRows(parseResolvConf(text)));
}

export function parseResolvConf(text: string): ResolverConfig {
  const config: ResolverConfig = { nameservers: [], search: null, sortlist: [], options: RES_INIT | RES_DEFAULT };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*/, '').trim();
    const [keyword, ...args] = line.split(/\s+/);
    if (keyword === 'nameserver' && args[0] && config.nameservers.length < MAXNS) {
      const address = args[0].split('%')[0] ?? '';
      if (isIPv4(address) || isIPv6(address)) config.nameservers.push(address);
    } else if (keyword === 'domain' && args[0]) {
      config.search = [args[0]];
    } else if (keyword === 'search') {
      config.search = args.slice(0, MAXDNSRCH);
    } else if (keyword === 'sortlist') {
      for (const pair of args) addSortlist(config, pair);
    } else if (keyword === 'options') {
      for (const option of args) config.options |= OPTION_BITS[option] ?? 0;
    }
  }
  if (config.nameservers.length === 0) config.nameservers.push('127.0.0.1');
  return config;
}

function addSortlist(config: ResolverConfig, pair: string): void {
  if (config.sortlist.length >= MAXRESOLVSORT) return;
  const [address = '', mask] = pair.split(/[/&]/);
  if (!isIPv4(address)) return;
  config.sortlist.push({ address, netmask: mask ?? classfulMask(address) });
}

/** glibc's net_mask(): the classful mask when a sortlist entry has none. */
function classfulMask(address: string): string {
  const first = Number(address.split('.')[0]);
  if (first < 128) return '255.0.0.0';
  if (first < 192) return '255.255.0.0';
  return '255.255.255.0';
}

function resolverRows(config: ResolverConfig): Row[] {
  const rows: Row[] = [];
  const options = config.options;
  config.nameservers.forEach((address, id) => {
    rows.push({ id, type: 'nameserver', address, netmask: isIPv4(address) ? '32' : '128', options });
  });
  const search = config.search ?? defaultSearch();
  search.forEach((address, id) => rows.push({ id, type: 'search', address, options }));
  config.sortlist.forEach((s, id) =>
    rows.push({ id, type: 'sortlist', address: s.address, netmask: s.netmask, options }),
  );
  return rows;
}

/** Without domain/search lines glibc searches the domain part of the host name, if it has one. */
function defaultSearch(): string[] {
  const name = hostname();
  const dot = name.indexOf('.');
  return dot >= 0 && dot < name.length - 1 ? [name.slice(dot + 1)] : [];
}
