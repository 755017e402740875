/**
 * The yara_events subscriber (osquery tables/yara/yara_events.cpp): files CREATED or UPDATED in a file_paths
 * category that the config's `yara.file_paths` maps to signature groups are scanned with those groups' rules, and
 * every scan adds a row (count 0 when nothing matched). Scans run one file at a time off the inotify callback with
 * --yara_delay between them (osquery's pacing), from a bounded queue: a burst of writes drops scans, and says so,
 * rather than grow without limit.
 */
import type { Logger } from '../../common/logger.js';
import { messageOf } from '../../common/errors.js';
import { rulesForGroup, scanFile, type CompiledRules } from '../files/yarax.js';
import type { FileEvent } from './file-row.js';
import type { EventSink } from './types.js';

export const YARA_QUEUE_MAX = 1000;

export interface YaraSubscriberOptions {
  readonly sink: EventSink;
  readonly log: Logger;
  readonly flag: (name: string) => string | undefined;
  readonly config: () => Readonly<Record<string, unknown>>;
}

export class YaraEventSubscriber {
  readonly #opts: YaraSubscriberOptions;
  /** file_paths category → signature groups. */
  #groups = new Map<string, string[]>();
  readonly #queue: FileEvent[] = [];
  readonly #queued = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #dropped = 0;
  #stopped = false;
  readonly #warned = new Set<string>();

  constructor(opts: YaraSubscriberOptions) {
    this.#opts = opts;
    this.configure();
  }

  /** Categories with signature groups: the subscriptions osquery_events counts. */
  get subscriptions(): number {
    return this.#groups.size;
  }

  /** Re-reads yara.file_paths; rules themselves are compiled (and cached) when a scan needs them. */
  configure(): void {
    const yara = this.#opts.config().yara as { file_paths?: Record<string, unknown> } | undefined;
    const groups = new Map<string, string[]>();
    for (const [category, list] of Object.entries(yara?.file_paths ?? {})) {
      if (Array.isArray(list)) groups.set(category, list.map(String));
    }
    this.#groups = groups;
  }

  /** File events from the inotify publisher; those in mapped categories are queued for a scan. */
  enqueue(events: readonly FileEvent[]): void {
    if (this.#stopped || this.#groups.size === 0) return;
    for (const event of events) {
      if (event.action !== 'CREATED' && event.action !== 'UPDATED') continue;
      if (!this.#groups.has(event.category)) continue;
      const key = `${event.category}\0${event.path}`;
      if (this.#queued.has(key)) continue; // MODIFY then CLOSE_WRITE: one scan of the final content
      if (this.#queue.length >= YARA_QUEUE_MAX) {
        this.#dropped += 1;
        if (this.#dropped === 1 || this.#dropped % 1000 === 0) {
          this.#opts.log.warn({ dropped: this.#dropped }, 'YARA scan queue is full; file events are not scanned.');
        }
        continue;
      }
      this.#queued.add(key);
      this.#queue.push(event);
    }
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    this.#queued.clear();
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined || this.#queue.length === 0 || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#scanNext();
      this.#schedule(Math.max(0, Number(this.#opts.flag('yara_delay') ?? '50') || 0));
    }, delayMs);
  }

  #scanNext(): void {
    const event = this.#queue.shift();
    if (event === undefined) return;
    this.#queued.delete(`${event.category}\0${event.path}`);
    const row = {
      target_path: event.path,
      category: event.category,
      action: event.action,
      transaction_id: event.cookie,
      count: 0,
      matches: '',
      strings: '',
      tags: '',
    };
    try {
      const ruleSets: CompiledRules[] = (this.#groups.get(event.category) ?? []).map((group) =>
        rulesForGroup(this.#opts.config(), group),
      );
      const maxBytes = Number(this.#opts.flag('read_max') ?? '') || 50 * 1024 * 1024;
      const withStrings = ['true', '1'].includes(this.#opts.flag('enable_yara_string') ?? '');
      Object.assign(row, scanFile(event.path, ruleSets, maxBytes, withStrings));
    } catch (err) {
      // Gone again, too large, or rules that do not compile: osquery logs and still records the event. A problem
      // of the setup (YARA-X missing, a bad rule file) is a warning once; a problem of one file stays at debug.
      const code = (err as { code?: string }).code;
      const message = messageOf(err);
      if ((code === 'NOT_FOUND' || code === 'CONFIG_INVALID') && !this.#warned.has(message)) {
        this.#warned.add(message);
        this.#opts.log.warn({ err }, `yara_events cannot scan: ${message}`);
      } else this.#opts.log.debug({ err, path: event.path }, `YARA scan failed: ${message}.`);
    }
    this.#opts.sink.add('yara_events', [row]);
  }
}
