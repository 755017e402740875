/**
 * Remote management over osquery's TLS API (Fleet, osctrl; docs/osquery-compatibility.md §6): what the daemon starts when
 * --config_plugin=tls, --logger_plugin includes tls, or --disable_distributed=false. The daemon owns one of these;
 * the tls logger plugin (collector/loggers/tls.ts) gets the same session in its plugin context.
 */
import { OspreyError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { formatIssue } from '../config/issues.js';
import type { LoadedConfig } from '../config/load.js';
import type { Flags } from '../flags/flags.js';
import { TlsConfigPlugin } from './config-plugin.js';
import { DistributedPoller } from './distributed.js';
import { hostDetailsFrom } from './enroll.js';
import type { DistributedGuard, RemoteEngine } from './ports.js';
import { RemoteSession } from './session.js';

export interface RemoteContext {
  readonly flags: Flags;
  readonly log: Logger;
  readonly engine: RemoteEngine;
  /** The distributed denylist, kept by the daemon (made when distributed queries start). */
  readonly distributedGuard: () => DistributedGuard;
  readonly hostIdentifier: () => string;
}

export class RemoteManagement {
  readonly session: RemoteSession;
  /** Set when --config_plugin=tls. */
  readonly config: TlsConfigPlugin | undefined;
  readonly #ctx: RemoteContext;
  #poller: DistributedPoller | undefined;
  /** The start-up fetch failed: the daemon runs an empty config and refreshes at --config_accelerated_refresh. */
  startedEmpty = false;

  private constructor(ctx: RemoteContext) {
    this.#ctx = ctx;
    this.session = new RemoteSession(ctx.flags, ctx.log).retain();
    this.session.setHooks({
      hostIdentifier: ctx.hostIdentifier,
      hostDetails: () => hostDetailsFrom((sql) => ctx.engine.queryRows(sql)),
    });
    this.config =
      ctx.flags.get('config_plugin') === 'tls' ? new TlsConfigPlugin(this.session, ctx.flags, ctx.log) : undefined;
  }

  /** Undefined when nothing remote is configured (the daemon's config-source.ts checks --config_plugin's name). */
  static open(ctx: RemoteContext): RemoteManagement | undefined {
    const { flags } = ctx;
    const configPlugin = flags.get('config_plugin') ?? 'filesystem';
    const logsTls = (flags.get('logger_plugin') ?? '').split(',').some((name) => name.trim() === 'tls');
    return configPlugin === 'tls' || logsTls || distributedEnabled(flags) ? new RemoteManagement(ctx) : undefined;
  }

  /**
   * The config to start with. osquery's daemon starts without a config when the server cannot give one and keeps
   * trying; so does this (a bad or missing remote config must not stop the agent that would receive the fix).
   */
  async initialConfig(warn: (message: string) => void): Promise<LoadedConfig> {
    const config = this.config;
    if (!config) throw new OspreyError('INTERNAL', 'initialConfig without --config_plugin=tls', { retriable: false });
    const loaded = await config.load(true);
    if (loaded.errors.length === 0) return loaded;
    warn(`Error reading config: ${loaded.errors.map(formatIssue).join('; ')}`);
    this.startedEmpty = true;
    return config.empty();
  }

  /** Starts polling for distributed queries when --disable_distributed=false. */
  startDistributed(): void {
    if (!distributedEnabled(this.#ctx.flags) || this.#poller) return;
    const { engine, flags, log, distributedGuard } = this.#ctx;
    this.#poller = new DistributedPoller({ session: this.session, engine, flags, log, guard: distributedGuard() });
    this.#poller.start();
  }

  /** Stops polling (before the engine closes). */
  async stopDistributed(): Promise<void> {
    await this.#poller?.stop();
  }

  close(): void {
    this.session.release();
  }
}

function distributedEnabled(flags: Flags): boolean {
  return !flags.getBool('disable_distributed') && (flags.get('distributed_plugin') ?? 'tls') === 'tls';
}
