/**
 * Host metadata per host identifier, built from each host's own inventory results (the daemon's built-in
 * host-inventory pack: system_info, os_version, interface_addresses, osquery_info) and shared through the compacted
 * hosts topic: rows this instance sees update the record and are published; records other instances published
 * arrive through `accept`. A record only replaces one with an older `updated`, so our own echo never undoes a newer
 * local change.
 */
import { EventEmitter } from 'node:events';
import type { Row } from '../ecs/row.js';
import { str } from '../ecs/row.js';
import type { HostMetadataInput } from '../../schemas/generated/host_metadata.js';
import type { ResultEvent } from '../../schemas/generated/index.js';

export const INVENTORY_TABLES = new Set([
  'system_info',
  'os_version',
  'interface_addresses',
  'osquery_info',
  'kernel_info',
]);

export class HostMetadataDirectory extends EventEmitter<{ changed: [string] }> {
  readonly #hosts = new Map<string, HostMetadataInput>();

  constructor() {
    super();
    // Every batch waiting for metadata listens; partitions processed concurrently may each have one waiting.
    this.setMaxListeners(0);
  }

  get size(): number {
    return this.#hosts.size;
  }

  get(hostIdentifier: string): HostMetadataInput | undefined {
    return this.#hosts.get(hostIdentifier);
  }

  /** A record from the hosts topic; false when what we hold is as new or newer. */
  accept(record: HostMetadataInput): boolean {
    const current = this.#hosts.get(record.hostIdentifier);
    if (current && current.updated >= record.updated) return false;
    this.#hosts.set(record.hostIdentifier, record);
    this.emit('changed', record.hostIdentifier);
    return true;
  }

  /** Applies one inventory row; returns the updated record to publish, or null if nothing changed. */
  applyInventory(table: string, event: ResultEvent, row: Row): HostMetadataInput | null {
    const host = event.hostIdentifier;
    const current = this.#hosts.get(host) ?? emptyRecord(host);
    const next = structuredClone(current);
    applyRow(next, table, event.action, row);
    const tags = event.decorations?.tags;
    if (tags)
      next.tags = [
        ...new Set(
          tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ].sort();
    if (JSON.stringify(next) === JSON.stringify(current) && this.#hosts.has(host)) return null;
    // Strictly increasing per host, so that a published record always supersedes the ones before it.
    next.updated = Math.max(event.unixTime * 1000, current.updated + 1);
    this.#hosts.set(host, next);
    this.emit('changed', host);
    return next;
  }
}

function emptyRecord(hostIdentifier: string): HostMetadataInput {
  return { hostIdentifier, updated: 0, host: {}, agent: { type: 'osquery' }, tags: [] };
}

function applyRow(record: HostMetadataInput, table: string, action: ResultEvent['action'], row: Row): void {
  const removed = action === 'removed';
  const host = record.host;
  switch (table) {
    case 'system_info':
      if (removed) return;
      host.id = str(row, 'uuid') ?? host.id ?? null;
      host.hostname = str(row, 'hostname') ?? host.hostname ?? null;
      host.name = str(row, 'computer_name') ?? str(row, 'local_hostname') ?? host.hostname ?? null;
      host.architecture = str(row, 'cpu_type') ?? host.architecture ?? null;
      return;
    case 'os_version':
      if (removed) return;
      host.os = {
        ...host.os,
        name: str(row, 'name'),
        version: str(row, 'version'),
        platform: str(row, 'platform'),
        family: str(row, 'platform_like') ?? str(row, 'platform'),
        codename: str(row, 'codename'),
      };
      host.architecture = host.architecture ?? str(row, 'arch');
      return;
    case 'kernel_info':
      if (!removed) host.os = { ...host.os, kernel: str(row, 'version') };
      return;
    case 'osquery_info':
      if (removed) return;
      record.agent = { id: str(row, 'instance_id') ?? str(row, 'uuid'), version: str(row, 'version'), type: 'osquery' };
      return;
    case 'interface_addresses':
      host.ip = updateAddresses(host.ip ?? [], str(row, 'address'), removed);
      return;
  }
}

/** Loopback addresses say nothing about which host it is, so host.ip leaves them out. */
function updateAddresses(current: string[], address: string | null, removed: boolean): string[] {
  if (address === null || address.startsWith('127.') || address === '::1') return current;
  const ip = address.split('%')[0] ?? address;
  const set = new Set(current);
  if (removed) set.delete(ip);
  else set.add(ip);
  return [...set].sort();
}
