/**
 * --config_refresh: the config is read again every N seconds; after a failed read, every
 * --config_accelerated_refresh seconds until one succeeds (osquery's ConfigRefreshRunner). A TLS config that failed
 * at start is retried even without --config_refresh (osquery would wait for a restart; an agent with no config could
 * otherwise never receive the fix).
 */
export interface RefreshOptions {
  readonly flags: { getNumber(name: string): number };
  /** Reads and applies the config; resolves whether it loaded. */
  readonly refresh: () => Promise<boolean>;
  /** The config failed at start-up (tls): begin with the accelerated interval. */
  readonly startedEmpty: boolean;
}

export class ConfigRefresher {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: RefreshOptions) {
    const every = options.flags.getNumber('config_refresh');
    const accelerated = options.flags.getNumber('config_accelerated_refresh') || every || 300;
    if (every <= 0 && !options.startedEmpty) return;
    const next = (seconds: number): void => {
      this.#timer = setTimeout(() => {
        void options
          .refresh()
          .catch(() => false)
          .then((ok) => {
            if (!this.#stopped && (every > 0 || !ok)) next(ok ? every : accelerated);
          });
      }, seconds * 1000);
      this.#timer.unref();
    };
    next(options.startedEmpty ? accelerated : every);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }
}
