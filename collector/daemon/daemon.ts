/**
 * The daemon's worker: everything osqueryd's worker does in one process. Start-up order matters for crash safety:
 * the store (and its lock) first, then the denylist check of a query the previous worker died in, then config,
 * engine, loggers and the scheduler. Stopping (SIGTERM, --schedule_timeout) stops the scheduler between queries,
 * delivers what is queued and closes everything.
 */
import { DEFAULT_DATABASE_PATH } from '../../common/status-file.js';
import { Registry } from 'prom-client';
import { OspreyError } from '../../common/errors.js';
import { withDeadline } from '../../common/lifecycle.js';
import type { Logger } from '../../common/logger.js';
import { formatIssue } from '../config/issues.js';
import type { LoadedConfig } from '../config/load.js';
import { ConfigRefresher } from '../config/refresh.js';
import type { Engine } from '../engine/engine.js';
import type { Row } from '../engine/spec.js';
import type { Flags } from '../flags/flags.js';
import type { LoggerPlugin, LoggerPluginFactory } from '../loggers/types.js';
import type { RemoteManagement } from '../remote/index.js';
import { ExtensionHost } from '../extensions/host.js';
import { DaemonEvents } from '../events/daemon-events.js';
import { PUBLISHERS } from '../events/publishers/registry.js';
import { selectConfigSource, type ConfigSource } from './config-source.js';
import { checkInterruptedQuery, createLoggerPlugins } from './worker-setup.js';
import { applyConfig, applyOptions } from './apply.js';
import { Decorators } from './decorators.js';
import { Delivery } from './delivery.js';
import { Denylist } from './denylist.js';
import { QueryExecutor } from './executor.js';
import { OSQUERY_COMPAT_VERSION } from './filters.js';
import { HostIdentity } from './identity.js';
import { MemoryTrim } from './memory-trim.js';
import { DaemonMetrics } from './metrics.js';
import { Scheduler } from './scheduler.js';
import { distributedGuard, remoteEngine } from './remote-ports.js';
import { QueryStats } from './stats.js';
import { StatusLog } from './status.js';
import { DaemonStore } from './store.js';
import { WorkerChannel } from './worker-channel.js';

export interface DaemonOptions {
  readonly flags: Flags;
  readonly log: Logger;
  readonly metrics?: Registry;
  /** Logger plugins beyond --logger_plugin, by name (`osprey run` adds one writing to its in-process bus). */
  readonly extraPlugins?: Readonly<Record<string, LoggerPluginFactory>>;
  /** Why the watcher stopped the previous worker, for the denylist status log. */
  readonly previousStopReason?: string;
  /** A stop requested during start-up (SIGTERM): start() ends early with an ABORTED error, having closed everything. */
  readonly signal?: AbortSignal;
}

/** On stop, how long queued records may take to reach the plugins; the rest stay queued for the next start. */
const FINAL_DELIVERY_MS = 1000;
/** On stop, how long each logger plugin may take to close (a Kafka producer still connecting is abandoned). */
const PLUGIN_CLOSE_MS = 500;

export class Daemon {
  readonly #opts: DaemonOptions;
  readonly #store: DaemonStore;
  readonly #identity: HostIdentity;
  readonly #status: StatusLog;
  readonly #registry: Registry;
  readonly #metrics: DaemonMetrics;
  readonly #views = new Set<string>();
  #engine: Engine | undefined;
  #scheduler: Scheduler | undefined;
  #delivery: Delivery | undefined;
  #decorators: Decorators | undefined;
  #plugins: LoggerPlugin[] = [];
  #config: LoadedConfig | undefined;
  #stopped: Promise<void> | undefined;
  #refresher: ConfigRefresher | undefined;
  /** TLS remote management (collector/remote), when a tls plugin or distributed queries are configured. */
  #remote: RemoteManagement | undefined;
  /** Where the config comes from: --config_plugin (config-source.ts). */
  #source: ConfigSource | undefined;
  /** Extensions (collector/extensions): in-process plugins, the --extensions_socket manager, executables. */
  #extensions: ExtensionHost | undefined;
  /** Event publishers and the event store in this daemon's database (collector/events). */
  readonly #events: DaemonEvents;
  readonly #done: Promise<void>;
  #resolveDone: () => void = () => undefined;

  private constructor(opts: DaemonOptions, store: DaemonStore) {
    this.#opts = opts;
    this.#store = store;
    this.#identity = new HostIdentity(store, opts.flags);
    this.#registry = opts.metrics ?? new Registry();
    this.#metrics = new DaemonMetrics(this.#registry);
    const denylist = new Denylist(store);
    DaemonMetrics.observeState(this.#registry, {
      queue: () => store.queueStats(),
      denylisted: () => (store.isOpen ? denylist.entries(Math.floor(Date.now() / 1000)).size : undefined),
      databasePath: () => store.path,
    });
    this.#status = new StatusLog({
      log: opts.log.child({ component: 'daemon' }),
      sink: store,
      hostIdentifier: () => this.#identity.identifier(),
      decorations: () => this.#decorators?.current() ?? {},
      version: OSQUERY_COMPAT_VERSION,
      minStatus: () => opts.flags.getNumber('logger_min_status'),
    });
    this.#events = new DaemonEvents({
      db: store.database,
      flags: opts.flags,
      log: opts.log,
      config: () => this.#config?.config ?? {},
      status: { info: (m) => this.#status.info(m), warning: (m) => this.#status.warning(m) },
      queries: () => this.#scheduler?.activeQueries() ?? [],
      tablesRead: (sql) => this.#engine?.tablesRead(sql) ?? [],
      query: (sql) => this.#engine?.queryRows(sql) ?? [],
      publishers: PUBLISHERS,
    });
    this.#done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** Opens the store, loads the config (throwing CONFIG_INVALID with every error), starts scheduling. */
  static async start(opts: DaemonOptions): Promise<Daemon> {
    const store = DaemonStore.open(opts.flags.get('database_path') ?? DEFAULT_DATABASE_PATH);
    const daemon = new Daemon(opts, store);
    try {
      await daemon.#init();
    } catch (err) {
      await daemon.stop();
      throw err;
    }
    return daemon;
  }

  /** Resolves when the daemon has stopped (signal, schedule_timeout or stop()). */
  get done(): Promise<void> {
    return this.#done;
  }

  async #init(): Promise<void> {
    const { flags, log } = this.#opts;
    // The engine comes first: enrolling with a TLS server (before its config can be fetched) sends table rows.
    const { Engine } = await import('../engine/engine.js');
    // In-process extensions load before the engine and the loggers (they may add both); the socket after the engine.
    const signal = this.#opts.signal;
    const extensions = new ExtensionHost({
      flags,
      log,
      report: (m) => this.#status.warning(m),
      ...(signal ? { signal } : {}),
    });
    this.#extensions = extensions;
    await extensions.loadModules();
    const engine = await Engine.create({
      declareAllTables: true,
      log,
      services: { ...this.#services(), ...extensions.services() },
    });
    this.#engine = engine;
    await extensions.start(engine);
    signal?.throwIfAborted();
    const { RemoteManagement } = await import('../remote/index.js');
    const remote = RemoteManagement.open({
      flags,
      log,
      engine: remoteEngine(engine),
      distributedGuard: () => distributedGuard(this.#store),
      hostIdentifier: () => this.#identity.identifier(),
    });
    this.#remote = remote;
    this.#source = selectConfigSource({ flags, remote, extensions });
    const loaded = await this.#source.initial((m) => this.#status.warning(m));
    signal?.throwIfAborted();
    for (const issue of loaded.issues) if (issue.severity === 'warning') this.#status.warning(formatIssue(issue));
    if (loaded.errors.length > 0) {
      throw new OspreyError('CONFIG_INVALID', `The config is invalid:\n${loaded.errors.map(formatIssue).join('\n')}`, {
        retriable: false,
      });
    }
    this.#config = loaded;
    applyOptions(loaded, flags, (m) => this.#status.warning(m));
    this.#plugins = await this.#createPlugins();
    signal?.throwIfAborted();
    this.#checkInterruptedQuery();
    this.#decorators = new Decorators(
      engine,
      (m) => this.#status.warning(m),
      () => flags.getBool('disable_decorators'),
    );
    this.#scheduler = this.#createScheduler(engine);
    applyConfig(loaded, this.#applyContext());
    this.#delivery = new Delivery(this.#store, this.#plugins, log, {
      maxQueue: flags.getNumber('logger_queue_max'),
      metrics: this.#metrics,
      warn: (m) => this.#status.warning(m),
    });
    this.#status.info(
      `osprey daemon started: ${this.#scheduler.activeQueries().length} scheduled queries, config ${loaded.hash}`,
    );
    await this.#events.start();
    this.#scheduler.start();
    // --config_refresh, --config_accelerated_refresh (collector/config/refresh.ts).
    this.#refresher = new ConfigRefresher({
      flags,
      refresh: () => this.refresh(),
      startedEmpty: this.#source.startedEmpty,
    });
    remote?.startDistributed();
  }

  #createScheduler(engine: Engine): Scheduler {
    const flags = this.#opts.flags;
    const stats = new QueryStats();
    const channel = new WorkerChannel();
    const executor = new QueryExecutor({
      engine,
      store: this.#store,
      status: this.#status,
      stats,
      flags,
      hostIdentifier: () => this.#identity.identifier(),
      decorations: () => this.#decorators?.current() ?? {},
      now: () => Math.floor(Date.now() / 1000),
      channel,
      metrics: this.#metrics,
      events: this.#events.store,
    });
    this.#stats = stats;
    const timeout = flags.getNumber('schedule_timeout');
    let ticks = 0;
    const trim = new MemoryTrim();
    return new Scheduler({
      engine,
      executor,
      decorators: this.#decorators as Decorators,
      denylist: new Denylist(this.#store),
      store: this.#store,
      flags,
      hostname: () => this.#identity.hostname(),
      isEventBased: (sql) => executor.isEventBased(sql),
      onFatal: (err) => {
        // osquery requests shutdown with EXIT_CATASTROPHIC when results or state cannot be written.
        this.#opts.log.fatal({ err }, 'Cannot write results or state; stopping.');
        this.#exitCode = 78;
        void this.stop();
      },
      afterTick: (_tick, ran) => {
        this.#delivery?.flush().catch((err: unknown) => this.#opts.log.error({ err }, 'Log delivery failed.'));
        ticks += 1;
        if (ran > 0) trim.afterWork();
        if (timeout > 0 && ticks >= timeout) void this.stop();
      },
    });
  }

  #stats: QueryStats | undefined;
  #exitCode = 0;

  /** 0 after a clean stop; 78 (osquery's EXIT_CATASTROPHIC) when results or state could not be written. */
  get exitCode(): number {
    return this.#exitCode;
  }

  async #createPlugins(): Promise<LoggerPlugin[]> {
    const { flags, log, extraPlugins } = this.#opts;
    const remote = this.#remote;
    const tlsSession = remote ? () => remote.session.retain() : undefined;
    return createLoggerPlugins({
      flags,
      log,
      metrics: this.#registry,
      extra: extraPlugins,
      config: () => this.#config?.config ?? {},
      tlsSession,
    });
  }

  #checkInterruptedQuery(): void {
    const { flags, previousStopReason } = this.#opts;
    checkInterruptedQuery({ denylist: new Denylist(this.#store), status: this.#status, flags, previousStopReason });
  }

  #applyContext(): Parameters<typeof applyConfig>[1] {
    return {
      flags: this.#opts.flags,
      engine: this.#engine as Engine,
      decorators: this.#decorators as Decorators,
      scheduler: this.#scheduler as Scheduler,
      hostname: () => this.#identity.hostname(),
      warn: (m) => this.#status.warning(m),
      views: this.#views,
    };
  }

  /** /readyz: the config is loaded, the daemon runs, and every logger plugin with a healthcheck passes it. */
  async readiness(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
    const checks: Record<string, boolean> = {
      config: this.#config !== undefined,
      running: this.#stopped === undefined,
    };
    await Promise.all(
      this.#plugins.map(async (plugin) => {
        if (!plugin.healthcheck) return;
        checks[`logger_${plugin.name}`] = await plugin.healthcheck().catch(() => false);
      }),
    );
    return { ready: Object.values(checks).every(Boolean), checks };
  }

  /** Re-reads the config (SIGHUP); a broken one keeps the running config and says why. */
  reload(): void {
    if (this.#stopped) return;
    void this.refresh().catch((err: unknown) => this.#opts.log.error({ err }, 'Config refresh failed.'));
  }

  /** Reads --config_plugin's source again (the files, the TLS server, a plugin); resolves whether the config loaded. */
  async refresh(): Promise<boolean> {
    const source = this.#source;
    if (!source || this.#stopped) return false;
    const loaded = await source.load();
    return this.#stopped ? false : this.#adopt(loaded);
  }

  #adopt(loaded: LoadedConfig): boolean {
    if (loaded.errors.length > 0) {
      this.#status.warning(
        `Config reload failed; keeping the running config: ${loaded.errors.map(formatIssue).join('; ')}`,
      );
      return false;
    }
    if (loaded.hash === this.#config?.hash) return true;
    for (const issue of loaded.issues) this.#status.warning(formatIssue(issue));
    this.#config = loaded;
    applyConfig(loaded, this.#applyContext());
    void this.#events.reconfigure();
    this.#status.info(
      `Config reloaded: ${this.#scheduler?.activeQueries().length ?? 0} scheduled queries, config ${loaded.hash}`,
    );
    return true;
  }

  #services(): Record<string, unknown> {
    const flags = this.#opts.flags;
    return {
      flags,
      schedule: { list: () => this.#scheduleRows() },
      packs: { list: () => (this.#scheduler?.packs() ?? []).map((p) => p.row()) },
      startTime: Math.floor(Date.now() / 1000),
      version: OSQUERY_COMPAT_VERSION,
      configHash: () => this.#config?.hash ?? '',
      configValid: () => this.#config !== undefined,
      config: () => this.#config?.config ?? {},
      instanceId: this.#identity.instanceId(),
      hostUuid: () => this.#identity.hostUuid(),
      ...this.#events.services(),
    };
  }

  #scheduleRows(): Row[] {
    const scheduler = this.#scheduler;
    if (!scheduler) return [];
    return scheduler.activeQueries().map((query) => {
      const stats = this.#stats?.get(query.name);
      return {
        name: query.name,
        query: query.query,
        interval: query.interval,
        denylisted: scheduler.denylisted(query) ? 1 : 0,
        ...stats,
        wall_time: Math.floor((stats?.wall_time_ms ?? 0) / 1000),
      };
    });
  }

  /**
   * Stops scheduling, delivers what is queued within a short deadline (what is left stays queued on disk for the next
   * start: nothing is lost, and a record a plugin had not acknowledged is sent again, as after a crash), closes
   * plugins, engine and store. Idempotent.
   */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      const log = this.#opts.log;
      this.#scheduler?.stop();
      this.#refresher?.stop();
      const delivered = this.#delivery?.flush(true).catch((err: unknown) => {
        log.error({ err }, 'Final log delivery failed; records stay queued for the next start.');
      });
      if (delivered && !(await withDeadline(delivered, FINAL_DELIVERY_MS))) {
        log.warn(
          `Log delivery did not finish within ${FINAL_DELIVERY_MS} ms of the stop; the rest stays queued for the next start.`,
        );
      }
      this.#delivery?.stop();
      await this.#remote?.stopDistributed();
      await Promise.all(this.#plugins.map((plugin) => withDeadline(plugin.close(), PLUGIN_CLOSE_MS)));
      this.#remote?.close();
      await this.#extensions?.close();
      await this.#events.stop().catch((err: unknown) => log.error({ err }, 'Event publishers did not stop cleanly.'));
      this.#engine?.close();
      this.#store.close();
      this.#resolveDone();
    })();
    return this.#stopped;
  }
}
