/**
 * Extensions in a running shell or daemon. Two steps, because logger plugins must exist before the daemon builds its
 * loggers and tables need the engine: `loadModules()` imports the in-process plugins (registering their loggers),
 * then `start(engine)` adds their tables, serves the ExtensionManager on --extensions_socket (unless
 * --disable_extensions), starts extension executables, and pings every external extension each
 * --extensions_interval seconds, removing one (and its tables) whose ping fails. Every failure is reported and
 * contained; none stops Osprey.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { messageOf } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { EngineServices, FlagRow } from '../engine/spec.js';
import { loggerPluginNames, registerLoggerPlugin } from '../loggers/registry/index.js';
import type { LoadedConfig } from '../config/load.js';
import type { Flags } from '../flags/flags.js';
import type { AutoloadList } from './autoload.js';
import type { QueryHost } from './manager-handler.js';
import type { LoadedPlugin } from './plugins.js';
import { ExtensionRegistryState, type TableHost } from './registry.js';
import type { ManagerServer } from './thrift/server.js';

export interface HostFlags {
  get(name: string): string | undefined;
  getBool(name: string): boolean;
  getNumber(name: string): number;
  list(): FlagRow[];
  set(name: string, value: string): void;
}

export interface ExtensionHostOptions {
  flags: HostFlags;
  log: Logger;
  /** Where failures are reported: the shell's stderr, the daemon's status log. */
  report: (message: string) => void;
  /** A stop (SIGTERM): ends the wait for --extensions_require at once. */
  signal?: AbortSignal;
}

export class ExtensionHost {
  readonly #opts: ExtensionHostOptions;
  readonly #state: ExtensionRegistryState;
  readonly #children: ChildProcess[] = [];
  #plugins: LoadedPlugin[] = [];
  #list: AutoloadList = { modules: [], executables: [] };
  #server: ManagerServer | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(opts: ExtensionHostOptions) {
    this.#opts = opts;
    this.#state = new ExtensionRegistryState();
  }

  /** The extensions socket while served (`.socket`, osquery_info.extensions). */
  get socketPath(): string | undefined {
    return this.#server?.path;
  }

  /** Engine services for osquery_extensions and osquery_registry. */
  services(): Pick<EngineServices, 'registry' | 'extensions'> {
    const flags = this.#opts.flags;
    return {
      extensions: { list: () => this.#state.extensionRows() },
      registry: {
        list: () =>
          this.#state.registryRows({
            loggers: loggerPluginNames(),
            activeLoggers: flags.getBool('disable_logging') ? [] : (flags.get('logger_plugin') ?? '').split(','),
          }),
      },
    };
  }

  /** Imports --extension / autoloaded JavaScript plugins and registers their loggers. */
  async loadModules(): Promise<void> {
    const { flags, report } = this.#opts;
    const autoloadFile = flags.get('extensions_autoload') ?? '';
    const extension = flags.get('extension') ?? '';
    // Usually nothing to load (osquery's default autoload file seldom exists): autoload.js then stays unloaded, as
    // the other extension modules do, for a one-shot `osprey shell "SELECT 1"`.
    if (extension === '' && !mayExist(autoloadFile)) return;
    const { readAutoload } = await import('./autoload.js');
    this.#list = readAutoload(autoloadFile, extension, report);
    // The Thrift and plugin modules load only when used: a one-shot shell serves no socket and loads no plugin.
    const { loadPluginModule } =
      this.#list.modules.length > 0 ? await import('./plugins.js') : { loadPluginModule: undefined };
    for (const path of this.#list.modules) {
      try {
        if (loadPluginModule === undefined) break;
        const plugin = await loadPluginModule(path, report);
        for (const [name, factory] of Object.entries(plugin.loggers ?? {})) registerLoggerPlugin(name, factory);
        this.#plugins.push(plugin);
      } catch (err) {
        report(`Extension ${path} was not loaded: ${messageOf(err)}`);
      }
    }
  }

  /** Names of the config plugins in-process extensions provide (for --config_plugin). */
  configPluginNames(): string[] {
    return this.#plugins.flatMap((p) => Object.keys(p.configs ?? {}));
  }

  /** The config from the in-process config plugin --config_plugin names; undefined when no extension provides it. */
  async pluginConfig(flags?: Flags): Promise<LoadedConfig | undefined> {
    const name = this.#opts.flags.get('config_plugin') ?? 'filesystem';
    for (const plugin of this.#plugins) {
      const config = plugin.configs?.[name];
      if (config) {
        const { loadPluginConfig } = await import('./config-plugin.js'); // the config validator, only when used
        return loadPluginConfig(name, config, flags);
      }
    }
    return undefined;
  }

  async start(engine: TableHost & QueryHost & { readonly services: { readonly version: string } }): Promise<void> {
    this.#state.attach(engine, engine.services.version);
    for (const plugin of this.#plugins) this.#addPlugin(plugin);
    const { flags } = this.#opts;
    if (flags.getBool('disable_extensions') && this.#list.executables.length === 0) return;
    await this.#serve(engine);
    if (this.#server) await this.#startExecutables(this.#server.path);
    this.#startWatching();
    await this.#awaitRequired();
  }

  /** --extensions_require: waits up to --extensions_timeout for each named extension to register; reports the missing. */
  async #awaitRequired(): Promise<void> {
    const { flags, log, report } = this.#opts;
    const required = (flags.get('extensions_require') ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    if (required.length === 0) return;
    const deadline = Date.now() + Math.max(1, flags.getNumber('extensions_timeout') || 3) * 1000;
    const missing = (): string[] => required.filter((name) => !this.#state.list().some((r) => r.info.name === name));
    const stop = this.#opts.signal;
    const { sleep } = await import('../../common/retry.js');
    if (missing().length > 0)
      log.info({ required }, `Waiting up to ${Math.round((deadline - Date.now()) / 1000)} s for required extensions.`);
    while (missing().length > 0 && Date.now() < deadline && !stop?.aborted)
      await sleep(100, stop).catch(() => undefined);
    if (stop?.aborted) return;
    if (missing().length > 0) report(`Required extension not found or not loaded: ${missing().join(', ')}`);
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    for (const child of this.#children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await this.#server?.close();
    this.#server = undefined;
    this.#state.coreSocket = undefined;
  }

  #addPlugin(plugin: LoadedPlugin): void {
    const info = { name: plugin.name, version: plugin.version ?? '', sdk_version: '', min_sdk_version: '' };
    const other = { logger: keysOf(plugin.loggers), config: keysOf(plugin.configs) };
    try {
      this.#state.add({ uuid: this.#state.newUuid(), info, path: plugin.path, external: false }, plugin.tables, other);
    } catch (err) {
      this.#opts.report(`Extension ${plugin.path} was not loaded: ${messageOf(err)}`);
    }
  }

  /**
   * Listens on --extensions_socket; a socket in use (answering, or taken between our check and our listen) gets a
   * random suffix, as osqueryi does for its shell.em.
   */
  async #serve(engine: QueryHost): Promise<void> {
    const { flags, log, report } = this.#opts;
    const wanted = flags.get('extensions_socket') ?? '/var/osquery/osquery.em';
    let path = wanted;
    try {
      const [{ managerHandler }, { socketAnswers, startManagerServer }] = await Promise.all([
        import('./manager-handler.js'),
        import('./thrift/server.js'),
      ]);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0 || (await socketAnswers(path))) path = `${wanted}${Math.floor(Math.random() * 65536)}`;
        const handler = managerHandler({ state: this.#state, engine, socketPath: path, flags, log, report });
        try {
          this.#server = await startManagerServer(path, handler, log.child({ component: 'extensions' }));
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 2) throw err;
        }
      }
      if (path !== wanted) flags.set('extensions_socket', path); // `.socket` and osquery_flags show the real one
      this.#state.coreSocket = path;
    } catch (err) {
      report(`Cannot serve the extensions socket ${path}: ${messageOf(err)}`);
    }
  }

  async #startExecutables(socket: string): Promise<void> {
    const { flags, report } = this.#opts;
    if (this.#list.executables.length === 0) return;
    const { checkSafeExecutable, startExecutable } = await import('./autoload.js');
    for (const path of this.#list.executables) {
      try {
        checkSafeExecutable(path, flags.getBool('allow_unsafe'));
        this.#children.push(
          startExecutable(path, {
            socket,
            timeoutSeconds: flags.getNumber('extensions_timeout') || 3,
            intervalSeconds: flags.getNumber('extensions_interval') || 3,
            verbose: flags.getBool('verbose'),
            report,
          }),
        );
      } catch (err) {
        report(messageOf(err));
      }
    }
  }

  /** Pings each external extension registered at least one interval ago; a failed ping deregisters it. */
  #startWatching(): void {
    const intervalMs = Math.max(1, this.#opts.flags.getNumber('extensions_interval') || 3) * 1000;
    const timeoutMs = Math.max(1, this.#opts.flags.getNumber('extensions_timeout') || 3) * 1000;
    let running = false;
    this.#timer = setInterval(() => {
      if (running) return;
      running = true;
      void this.#pingAll(intervalMs, timeoutMs).finally(() => (running = false));
    }, intervalMs);
    this.#timer.unref();
  }

  async #pingAll(intervalMs: number, timeoutMs: number): Promise<void> {
    const due = this.#state.list().filter((r) => r.external && Date.now() - r.registeredAt >= intervalMs);
    if (due.length === 0) return;
    const { callAsync, decodePing, encodePing } = await import('./thrift/client.js');
    await Promise.all(
      due.map(async (record) => {
        try {
          await callAsync(record.path, encodePing(), decodePing, timeoutMs);
        } catch (err) {
          if (!this.#state.remove(record.uuid)) return;
          this.#opts.report(
            `Extension ${record.info.name} (UUID ${record.uuid}) ping failed; its tables are removed: ${messageOf(err)}`,
          );
        }
      }),
    );
  }
}

/** False only when the path is empty or certainly absent; any other stat failure is left to readAutoload to report. */
function mayExist(path: string): boolean {
  if (path === '') return false;
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

function keysOf(record: Readonly<Record<string, unknown>> | undefined): Record<string, []> {
  const out: Record<string, []> = {};
  for (const key of Object.keys(record ?? {})) out[key] = [];
  return out;
}
