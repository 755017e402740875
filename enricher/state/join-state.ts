/**
 * Everything the enricher has learnt from the hosts' own results, kept with the time it held: host metadata (shared
 * through the hosts topic), file hashes (persistent LRU), users by uid and processes by pid (time-ranged, pruned).
 * `observe` absorbs a row that carries such facts; the joins (joins.ts) read them.
 */
import type { MappedRow } from '../ecs/map-event.js';
import { hashOf } from '../ecs/file-tables.js';
import { int, str } from '../ecs/row.js';
import type { HostMetadataInput } from '../../schemas/generated/host_metadata.js';
import type { ResultEvent } from '../../schemas/generated/index.js';
import type { HashCache } from './hash-cache.js';
import { INVENTORY_TABLES, type HostMetadataDirectory } from './host-directory.js';
import { Timeline } from './timeline.js';

export interface ProcessInfo {
  name: string | null;
  executable: string | null;
  command_line: string | null;
}

export interface JoinStateOptions {
  hosts: HostMetadataDirectory;
  hashes: HashCache;
  /** Keys kept per timeline (users, processes) across all hosts. */
  maxTimelineKeys: number;
}

export function stateKey(host: string, id: string | number): string {
  return `${host}\u0000${id}`;
}

/** When a fact in an added row began: the first result set of an epoch shows what was already there. */
function startOf(event: ResultEvent): number {
  return event.counter === 0 || event.action === 'snapshot' ? -Infinity : event.unixTime * 1000;
}

export class JoinState {
  readonly hosts: HostMetadataDirectory;
  readonly hashes: HashCache;
  readonly users: Timeline<string>;
  readonly processes: Timeline<ProcessInfo>;

  constructor(options: JoinStateOptions) {
    this.hosts = options.hosts;
    this.hashes = options.hashes;
    this.users = new Timeline(options.maxTimelineKeys);
    this.processes = new Timeline(options.maxTimelineKeys);
  }

  /** Absorbs the facts a row carries; returns host metadata to publish when an inventory row changed it. */
  observe(mapped: MappedRow, event: ResultEvent): HostMetadataInput | null {
    const { row, mapping } = mapped;
    const host = event.hostIdentifier;
    const at = event.unixTime * 1000;
    const removed = event.action === 'removed';
    switch (mapping.table) {
      case 'users': {
        const uid = str(row, 'uid');
        const name = str(row, 'username');
        if (uid === null || name === null) return null;
        if (removed) this.users.close(stateKey(host, uid), at);
        else this.users.open(stateKey(host, uid), startOf(event), name);
        return null;
      }
      case 'processes':
        this.#observeProcess(mapped, event);
        return null;
      case 'process_events':
        this.#observeExec(mapped);
        return null;
      case 'binary_hashes':
      case 'file_events':
        if (!removed) this.#observeHash(mapped, host);
        return null;
      default:
        return INVENTORY_TABLES.has(mapping.table) ? this.hosts.applyInventory(mapping.table, event, row) : null;
    }
  }

  /** Ends intervals that closed before `horizon` (ms). */
  prune(horizon: number): void {
    this.users.prune(horizon);
    this.processes.prune(horizon);
  }

  #observeProcess({ doc, row }: MappedRow, event: ResultEvent): void {
    const pid = int(row, 'pid', 1);
    if (pid === null) return;
    const key = stateKey(event.hostIdentifier, pid);
    if (event.action === 'removed') {
      this.processes.close(key, event.unixTime * 1000);
      return;
    }
    // start_time pins the interval to when the process began, which no query time can.
    this.processes.open(key, doc.process?.start ?? startOf(event), processInfo(processOf(doc)));
  }

  #observeExec({ doc, row }: MappedRow): void {
    const pid = int(row, 'pid', 1);
    const time = int(row, 'time', 1);
    const host = doc.osquery?.hostIdentifier;
    if (pid === null || time === null || host === undefined) return;
    const key = stateKey(host, pid);
    if (doc.event.type?.includes('end')) this.processes.close(key, time * 1000);
    else if (doc.event.type?.includes('start')) this.processes.open(key, time * 1000, processInfo(processOf(doc)));
  }

  #observeHash({ doc, row }: MappedRow, host: string): void {
    const hash = hashOf(row);
    const path = doc.file?.path;
    if (!hash || !path) return;
    this.hashes.put(host, path, {
      mtime: doc.file?.mtime ?? 0,
      size: doc.file?.size ?? null,
      inode: doc.file?.inode ?? null,
      hash,
    });
  }
}

function processOf(doc: MappedRow['doc']): NonNullable<MappedRow['doc']['process']> {
  return doc.process ?? {};
}

function processInfo(process: NonNullable<MappedRow['doc']['process']>): ProcessInfo {
  return {
    name: process.name ?? null,
    executable: process.executable ?? null,
    command_line: process.command_line ?? null,
  };
}
