/**
 * host_identifier (docs/osquery-compatibility.md §4): `hostname` (re-read every time), `uuid` (the DMI product UUID, placeholder values
 * rejected, else a generated UUID persisted as `host_uuid_v3`), `instance` (a random UUID persisted as
 * `instance_uuid_v1`), `ephemeral` (random per process), `specified` (--specified_identifier, or the hostname when
 * empty). Anything else falls back to the hostname, as osquery does.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface KeyValues {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

const PLACEHOLDER_UUIDS = new Set([
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '03000200-0400-0500-0006-000700080009',
]);

export class HostIdentity {
  readonly #kv: KeyValues;
  readonly #ephemeral = randomUUID();
  readonly #flags: { get(name: string): string | undefined };

  constructor(kv: KeyValues, flags: { get(name: string): string | undefined }) {
    this.#kv = kv;
    this.#flags = flags;
  }

  hostname(): string {
    return hostname();
  }

  /** The value every log line carries as hostIdentifier. */
  identifier(): string {
    const kind = this.#flags.get('host_identifier') ?? 'hostname';
    if (kind === 'uuid') return this.hostUuid();
    if (kind === 'instance') return this.instanceId();
    if (kind === 'ephemeral') return this.#ephemeral;
    if (kind === 'specified') return this.#flags.get('specified_identifier') || hostname();
    return hostname();
  }

  hostUuid(): string {
    const hardware = readProductUuid();
    if (hardware) return hardware;
    return this.#persisted('host_uuid_v3');
  }

  instanceId(): string {
    return this.#persisted('instance_uuid_v1');
  }

  #persisted(key: string): string {
    const stored = this.#kv.get(key);
    if (stored) return stored;
    const fresh = randomUUID();
    this.#kv.set(key, fresh);
    return fresh;
  }
}

function readProductUuid(): string | undefined {
  try {
    const text = readFileSync('/sys/class/dmi/id/product_uuid', 'utf8').trim().toLowerCase();
    return /^[0-9a-f-]{36}$/.test(text) && !PLACEHOLDER_UUIDS.has(text) ? text.toUpperCase() : undefined;
  } catch {
    return undefined;
  }
}
