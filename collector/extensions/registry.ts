/**
 * The extensions a running Osprey knows: external ones (registered over Thrift, each with a uuid and its own socket)
 * and in-process JavaScript plugins. Registering puts an extension's tables into the engine; deregistering (a call,
 * or a failed health ping) takes them out again. Also the rows of osquery_extensions and osquery_registry.
 */
import { OspreyError, messageOf } from '../../common/errors.js';
import type { Row, RegistryRow, TableDefinition } from '../engine/spec.js';
import type { ExtensionInfo, ExtensionRegistry } from './thrift/messages.js';

/** What the registry needs from the engine (collector/engine/engine.ts satisfies it). */
export interface TableHost {
  registerTable(def: TableDefinition): void;
  unregisterTable(name: string): void;
  table(name: string): TableDefinition | undefined;
  tables(): readonly TableDefinition[];
}

export interface ExtensionRecord {
  readonly uuid: bigint;
  readonly info: ExtensionInfo;
  /** The extension's socket (`<extensions_socket>.<uuid>`), or the module file of an in-process plugin. */
  readonly path: string;
  readonly external: boolean;
  /** Plugins by registry (`table`, `logger`, `config`), for osquery_registry. */
  readonly plugins: Readonly<Record<string, readonly string[]>>;
  readonly registeredAt: number;
}

/** SDK version Osprey reports for its core (osquery's kSDKVersion is its own version). */
export const CORE_SDK_VERSION = '5.23.0';

export class ExtensionRegistryState {
  readonly #records = new Map<bigint, ExtensionRecord>();
  #engine: TableHost | undefined;
  /** The core's socket while the manager serves it; osquery_extensions shows the core row only then. */
  coreSocket: string | undefined;

  #coreVersion = '';

  attach(engine: TableHost, coreVersion: string): void {
    this.#engine = engine;
    this.#coreVersion = coreVersion;
  }

  get engine(): TableHost | undefined {
    return this.#engine;
  }

  list(): ExtensionRecord[] {
    return [...this.#records.values()];
  }

  get(uuid: bigint): ExtensionRecord | undefined {
    return this.#records.get(uuid);
  }

  /** A fresh uuid (osquery picks random 16-bit route ids). */
  newUuid(): bigint {
    for (;;) {
      const uuid = BigInt(1 + Math.floor(Math.random() * 65534));
      if (!this.#records.has(uuid)) return uuid;
    }
  }

  /**
   * Adds an extension and its tables; all or nothing (a taken name or a table that cannot be registered undoes
   * the tables added so far and throws).
   */
  add(
    record: Omit<ExtensionRecord, 'plugins' | 'registeredAt'>,
    tables: readonly TableDefinition[],
    other: ExtensionRegistry = {},
  ): ExtensionRecord {
    const engine = this.#engine;
    if (!engine) throw new OspreyError('INTERNAL', 'Extensions cannot register before the engine has started.');
    if (this.list().some((r) => r.info.name === record.info.name)) {
      throw new OspreyError('CONFIG_INVALID', `An extension named ${record.info.name} is already registered.`, {
        retriable: false,
      });
    }
    const added: string[] = [];
    try {
      for (const def of tables) {
        if (engine.table(def.name)) throw new Error(`table ${def.name} already exists`);
        engine.registerTable(def);
        added.push(def.name);
      }
    } catch (err) {
      for (const name of added) engine.unregisterTable(name);
      throw new OspreyError('TABLE_ERROR', `Extension ${record.info.name} cannot register: ${messageOf(err)}`, {
        cause: err,
        retriable: false,
      });
    }
    const plugins: Record<string, string[]> = { table: added };
    for (const [registry, items] of Object.entries(other))
      if (registry !== 'table') plugins[registry] = Object.keys(items);
    const full: ExtensionRecord = { ...record, plugins, registeredAt: Date.now() };
    this.#records.set(record.uuid, full);
    return full;
  }

  remove(uuid: bigint): ExtensionRecord | undefined {
    const record = this.#records.get(uuid);
    if (!record) return undefined;
    this.#records.delete(uuid);
    for (const name of record.plugins.table ?? []) this.#engine?.unregisterTable(name);
    return record;
  }

  /** osquery_extensions: the core (while its socket is served), then every extension; in-process plugins are `module`s. */
  extensionRows(): Row[] {
    const rows: Row[] = [];
    if (this.coreSocket !== undefined) {
      rows.push({
        uuid: 0,
        name: 'core',
        version: this.#coreVersion,
        sdk_version: CORE_SDK_VERSION,
        path: this.coreSocket,
        type: 'core',
      });
    }
    for (const r of this.list()) {
      rows.push({
        uuid: Number(r.uuid),
        name: r.info.name,
        version: r.info.version,
        sdk_version: r.info.sdk_version,
        path: r.path,
        type: r.external ? 'extension' : 'module',
      });
    }
    return rows;
  }

  /** osquery_registry: core tables (owner 0), then each extension's plugins under its uuid (internal 0). */
  registryRows(core: { loggers: readonly string[]; activeLoggers: readonly string[] }): RegistryRow[] {
    const owned = new Map<string, bigint>();
    for (const r of this.list()) for (const name of r.plugins.table ?? []) owned.set(name, r.uuid);
    const rows: RegistryRow[] = [];
    for (const name of core.loggers) {
      rows.push({
        registry: 'logger',
        name,
        owner_uuid: 0,
        internal: 0,
        active: core.activeLoggers.includes(name) ? 1 : 0,
      });
    }
    for (const def of this.#engine?.tables() ?? []) {
      if (!owned.has(def.name)) rows.push({ registry: 'table', name: def.name, owner_uuid: 0, internal: 0, active: 1 });
    }
    for (const r of this.list()) {
      for (const [registry, names] of Object.entries(r.plugins)) {
        if (registry === 'logger' && !r.external) continue; // in-process loggers are in the logger registry above
        for (const name of names) rows.push({ registry, name, owner_uuid: Number(r.uuid), internal: 0, active: 1 });
      }
    }
    return rows;
  }
}
