/**
 * The joins: fill a mapped document from the join state, as of the event's own time. Each join reports whether it
 * applied and found its data; a join that applied and found nothing is named in `missing`. Joins only fill what is
 * absent, so running them again after waiting for metadata is safe.
 */
import type { MappedRow } from './ecs/map-event.js';
import { int } from './ecs/row.js';
import { stateKey, type JoinState } from './state/join-state.js';
import type { EnrichedEventInput } from '../schemas/generated/enriched_event.js';

/** The joins the enricher performs; the names appear in `enrichment.missing`. */
export type JoinName = 'host' | 'hash' | 'user' | 'parent' | 'process';
export type JoinOutcome = 'hit' | 'miss';
export type JoinResults = Partial<Record<JoinName, JoinOutcome>>;

/** Tables whose file.path is a file's content worth a hash (not a crontab's or a history file's location). */
const HASHED_FILE_TABLES = new Set(['file', 'file_events', 'binary_hashes']);

/** The time the row describes: evented tables carry it in `time`, state tables are as of the query. */
export function eventTime(mapped: MappedRow): number {
  const time = mapped.mapping.evented ? int(mapped.row, 'time', 1) : null;
  return time === null ? mapped.doc.timestamp : time * 1000;
}

export function applyJoins(mapped: MappedRow, state: JoinState): JoinResults {
  const results: JoinResults = {};
  const { doc } = mapped;
  const host = doc.osquery?.hostIdentifier ?? '';
  const time = eventTime(mapped);
  results.host = joinHost(doc, state, host);
  if (doc.process) {
    const process = doc.process;
    if (process.pid && !process.executable && !process.command_line) {
      const info = state.processes.at(stateKey(host, process.pid), time);
      results.process = info ? 'hit' : 'miss';
      if (info)
        Object.assign(process, {
          name: process.name ?? info.name,
          executable: info.executable,
          command_line: info.command_line,
        });
    }
    if (process.ppid && process.ppid > 0 && !process.parent?.executable) {
      const parent = state.processes.at(stateKey(host, process.ppid), time);
      results.parent = parent ? 'hit' : 'miss';
      process.parent = { pid: process.ppid, ...(parent ?? {}) };
    }
    if (process.user?.id && !process.user.name) {
      const name = state.users.at(stateKey(host, process.user.id), time);
      results.user = name ? 'hit' : 'miss';
      if (name) process.user.name = name;
    }
    if (process.executable && !process.hash) {
      const hash = state.hashes.at(host, process.executable, time);
      results.hash = hash ? 'hit' : 'miss';
      if (hash) process.hash = hash;
    }
  }
  const user = doc.user;
  if (user?.id && !user.name) {
    const name = state.users.at(stateKey(host, user.id), time);
    results.user = name ? 'hit' : 'miss';
    if (name) user.name = name;
  }
  if (doc.file) {
    const file = doc.file;
    if (file.uid && !file.owner) {
      const owner = state.users.at(stateKey(host, file.uid), time);
      if (owner) file.owner = owner;
    }
    if (file.path && !file.hash && HASHED_FILE_TABLES.has(mapped.mapping.table) && mapped.row.type !== 'directory') {
      const hash = state.hashes.exact(host, file.path, {
        mtime: file.mtime ?? null,
        size: file.size ?? null,
        inode: file.inode ?? null,
      });
      results.hash = hash ? 'hit' : 'miss';
      if (hash) file.hash = hash;
    }
  }
  return results;
}

/**
 * host.* and agent.* from the host's metadata record; without one, what the row's own decorations say (osquery's
 * usual host_uuid / hostname decorators, as Elastic's pipeline reads them) so the event is still attributable.
 */
function joinHost(doc: EnrichedEventInput, state: JoinState, host: string): JoinOutcome {
  const metadata = state.hosts.get(host);
  if (metadata) {
    doc.host = metadata.host;
    doc.agent = metadata.agent;
    if (metadata.tags !== undefined && metadata.tags.length > 0) doc.tags = [...metadata.tags];
    return 'hit';
  }
  const decorations = doc.osquery?.decorations ?? {};
  doc.host = { id: decorations.host_uuid ?? null, hostname: decorations.hostname ?? host, name: host };
  return 'miss';
}

export function missingOf(results: JoinResults): string[] {
  const missing: string[] = [];
  for (const join in results) if (results[join as JoinName] === 'miss') missing.push(join);
  return missing.length > 1 ? missing.sort() : missing;
}
