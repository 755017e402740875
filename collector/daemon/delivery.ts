/**
 * Hands queued log records to every logger plugin in order, each plugin with its own cursor in the daemon store
 * (the contract in collector/loggers/types.ts). A plugin that rejects keeps its cursor and is retried on the next
 * flush with the same records; one slow or failing plugin never holds back the others. Records leave the queue once
 * every plugin has them; the queue is capped (--buffered_log_max, oldest dropped with a warning) so a destination
 * that is down for weeks cannot fill the disk.
 */
import { messageOf } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { LoggerPlugin } from '../loggers/types.js';
import type { DaemonMetrics } from './metrics.js';
import type { DaemonStore } from './store.js';

export interface DeliveryOptions {
  /** --logger_queue_max: records kept for a plugin that is down (0 = no cap). */
  readonly maxQueue: number;
  readonly metrics?: DaemonMetrics;
  /** A status log (queued for the plugins too), so a full outbox is visible where the results go. */
  readonly warn?: (message: string) => void;
}

const BATCH = 500;
const RETRY_AFTER_MS = 5000;

export class Delivery {
  readonly #store: DaemonStore;
  readonly #plugins: readonly LoggerPlugin[];
  readonly #log: Logger;
  readonly #maxQueue: number;
  readonly #hooks: DeliveryOptions;
  readonly #failedUntil = new Map<string, number>();
  #running: Promise<void> | undefined;
  #again = false;
  /** Set by stop(): a delivery still in flight then leaves the store (about to close) alone. */
  #stopped = false;
  /**
   * The store's appendedSeq when a pass last left every plugin with nothing pending; undefined until one did. A flush
   * with nothing appended since has nothing to do, and skips the queue reads and the prune (most ticks log nothing).
   */
  #drainedAt: number | undefined;

  constructor(store: DaemonStore, plugins: readonly LoggerPlugin[], log: Logger, options: DeliveryOptions) {
    this.#store = store;
    this.#hooks = options;
    this.#plugins = plugins;
    this.#log = log.child({ component: 'delivery' });
    this.#maxQueue = options.maxQueue;
  }

  /**
   * The daemon is stopping: no more passes, and a plugin that acknowledges after this does not advance its cursor,
   * so those records are delivered again at the next start (at least once, as after a crash).
   */
  stop(): void {
    this.#stopped = true;
  }

  /** Delivers everything pending; concurrent calls coalesce into one more pass. */
  flush(force = false): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (!force && !this.#running && this.#drainedAt === this.#store.appendedSeq) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#pass(force);
      } while (this.#again && !this.#stopped);
    })().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #pass(force: boolean): Promise<void> {
    const appended = this.#store.appendedSeq;
    const drained = await Promise.all(this.#plugins.map((plugin) => this.#deliverAll(plugin, force)));
    if (this.#stopped) return;
    this.#drainedAt = drained.every(Boolean) ? appended : undefined;
    // Unsynced: should a power loss undo a prune, its records come back with their cursors (delivered again).
    this.#store.unsynced(() => this.#store.prune(this.#plugins.map((p) => p.name)));
    if (this.#maxQueue > 0) {
      const dropped = this.#store.trimQueue(this.#maxQueue);
      if (dropped > 0) {
        this.#hooks.metrics?.dropped(dropped);
        const message = `The log queue is full (--logger_queue_max=${this.#maxQueue}); dropped the ${dropped} oldest records.`;
        if (this.#hooks.warn) this.#hooks.warn(message);
        else this.#log.warn({ dropped }, message);
      }
    }
  }

  /** Delivers the plugin's pending records; true when it has none left. */
  async #deliverAll(plugin: LoggerPlugin, force: boolean): Promise<boolean> {
    if (!force && (this.#failedUntil.get(plugin.name) ?? 0) > Date.now()) return false;
    if (!force && plugin.ready?.() === false) return false;
    for (;;) {
      if (this.#stopped) return false;
      const records = this.#store.pending(this.#store.cursor(plugin.name), BATCH);
      if (records.length === 0) return true;
      try {
        await plugin.deliver(records);
      } catch (err) {
        if (this.#stopped) return false;
        this.#failedUntil.set(plugin.name, Date.now() + RETRY_AFTER_MS);
        this.#log.warn(
          { err, plugin: plugin.name },
          `Logger plugin ${plugin.name} failed; records stay queued: ${messageOf(err)}.`,
        );
        return false;
      }
      if (this.#stopped) return false;
      this.#failedUntil.delete(plugin.name);
      this.#hooks.metrics?.delivered(plugin.name);
      // Unsynced: a cursor lost to a power loss means records delivered again (at least once, as after a crash).
      this.#store.unsynced(() => this.#store.advance(plugin.name, records[records.length - 1]?.seq ?? 0));
    }
  }
}
