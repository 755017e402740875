/**
 * The known table mappings, keyed by osquery table name, and how a result row finds its table: by the query name
 * (the last `_`-separated run of words that names a known table: `pack_incident-response_listening_ports`,
 * `processes`), else by the row's columns (the mapping whose signature columns the row carries, most specific first),
 * else the generic mapping.
 */
import { binaryHashes, file, fileEvents } from './file-tables.js';
import { generic } from './generic.js';
import type { TableMapping } from './mapping.js';
import { listeningPorts, processOpenSockets, socketEvents } from './network-tables.js';
import { processEvents, processes } from './process-tables.js';
import type { Row } from './row.js';
import {
  crontab,
  debPackages,
  interfaceAddresses,
  kernelModules,
  loggedInUsers,
  osqueryInfo,
  osVersion,
  shellHistory,
  systemInfo,
  users,
} from './system-tables.js';

export const MAPPINGS = {
  processes,
  process_events: processEvents,
  process_open_sockets: processOpenSockets,
  listening_ports: listeningPorts,
  socket_events: socketEvents,
  file,
  file_events: fileEvents,
  binary_hashes: binaryHashes,
  users,
  logged_in_users: loggedInUsers,
  deb_packages: debPackages,
  kernel_modules: kernelModules,
  crontab,
  shell_history: shellHistory,
  system_info: systemInfo,
  os_version: osVersion,
  osquery_info: osqueryInfo,
  interface_addresses: interfaceAddresses,
} satisfies Record<string, TableMapping>;

export type MappedTable = keyof typeof MAPPINGS;

const BY_NAME: ReadonlyMap<string, TableMapping> = new Map(Object.entries(MAPPINGS));
/** Longest table name in words, to bound the scan. */
const MAX_WORDS = Math.max(...[...BY_NAME.keys()].map((name) => name.split('_').length));
/** Most specific signatures first, so that a superset (process_open_sockets) wins over a subset. */
const BY_SIGNATURE = [...BY_NAME.values()].sort((a, b) => b.signature.length - a.signature.length);

const nameCache = new Map<string, TableMapping | null>();

/** The table a query name ends with (or names), scanning from the right; null when none is known. */
export function tableFromQueryName(queryName: string): TableMapping | null {
  const cached = nameCache.get(queryName);
  if (cached !== undefined) return cached;
  const found = scanQueryName(queryName);
  // Query names come from configs: few and long-lived, but bound the cache against a flood of ad-hoc names.
  if (nameCache.size > 10_000) nameCache.clear();
  nameCache.set(queryName, found);
  return found;
}

function scanQueryName(queryName: string): TableMapping | null {
  const words = queryName.split('_');
  for (let end = words.length; end > 0; end--) {
    for (let start = Math.max(0, end - MAX_WORDS); start < end; start++) {
      const mapping = BY_NAME.get(words.slice(start, end).join('_'));
      if (mapping) return mapping;
    }
  }
  return null;
}

export function tableFromColumns(row: Row): TableMapping | null {
  for (const mapping of BY_SIGNATURE) {
    if (mapping.signature.length > 0 && mapping.signature.every((column) => column in row)) return mapping;
  }
  return null;
}

export function resolveMapping(queryName: string, row: Row): { mapping: TableMapping; known: boolean } {
  const mapping = tableFromQueryName(queryName) ?? tableFromColumns(row);
  return mapping ? { mapping, known: true } : { mapping: generic, known: false };
}
