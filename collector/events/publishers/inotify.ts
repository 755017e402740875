/**
 * osquery's `inotify` publisher with its two subscribers, file_events and yara_events. It runs only with
 * --enable_file_events (and events not disabled); the config's file_paths decide what is watched, and a config change
 * re-resolves the watches on the same inotify instance, so no event in flight is lost. Directories created (or moved
 * in) below a `%%` pattern are watched as they appear.
 */
import type { Logger } from '../../../common/logger.js';
import { messageOf } from '../../../common/errors.js';
import { planFileWatches, type WatchPlan } from '../file-paths.js';
import { actionOf, FileRowBuilder, type FileEvent } from '../file-row.js';
import { IN, Inotify, type InotifyEvent } from '../kernel/inotify.js';
import type { EventPublisher, PublisherContext, PublisherState } from '../types.js';
import { flagOn } from './flags.js';
import { normalise, WatchSet } from '../watches.js';
import { YaraEventSubscriber } from '../yara-events.js';

const DEFAULT_HASH_MAX = 50 * 1024 * 1024;

export class InotifyPublisher implements EventPublisher {
  readonly name = 'inotify';
  readonly tables = ['file_events', 'yara_events'] as const;
  #inotify: Inotify | undefined;
  #watches: WatchSet | undefined;
  #plan: WatchPlan | undefined;
  #yara: YaraEventSubscriber | undefined;
  #ctx: PublisherContext | undefined;
  #log: Logger | undefined;
  #events = 0;
  #overflows = 0;

  async start(ctx: PublisherContext): Promise<PublisherState> {
    if (flagOn(ctx, 'disable_events')) return { state: 'disabled', reason: '--disable_events is true' };
    if (!flagOn(ctx, 'enable_file_events')) return { state: 'disabled', reason: '--enable_file_events is false' };
    this.#ctx = ctx;
    this.#log = ctx.log.child({ component: 'inotify' });
    try {
      this.#inotify = Inotify.open(
        (events) => this.#onEvents(events),
        (err) => this.#log?.warn({ err }, 'inotify read failed; file events may be missing.'),
      );
    } catch (err) {
      return { state: 'failed', reason: `inotify_init1: ${messageOf(err)}` };
    }
    this.#watches = new WatchSet(this.#inotify, this.#log);
    this.#yara = new YaraEventSubscriber({ sink: ctx.sink, log: this.#log, flag: ctx.flag, config: ctx.config });
    return this.#apply(ctx);
  }

  async reconfigure(ctx: PublisherContext): Promise<PublisherState> {
    if (this.#inotify === undefined) return this.start(ctx);
    this.#ctx = ctx;
    this.#yara?.configure();
    return this.#apply(ctx);
  }

  stats(): { events: number; refreshes: number } {
    return { events: this.#events, refreshes: 0 };
  }

  /** For osquery_events: file_paths patterns for file_events, yara.file_paths categories for yara_events. */
  subscriptionsOf(table: string): number {
    return table === 'yara_events' ? (this.#yara?.subscriptions ?? 0) : (this.#plan?.subscriptions.length ?? 0);
  }

  async stop(): Promise<void> {
    this.#yara?.stop();
    this.#inotify?.close();
    this.#inotify = undefined;
    this.#watches = undefined;
  }

  /** Resolves the config into watches: adds what is new, drops what is no longer wanted. */
  #apply(ctx: PublisherContext): PublisherState {
    const watches = this.#watches;
    if (watches === undefined) return { state: 'failed', reason: 'inotify is not open' };
    const plan = planFileWatches(ctx.config());
    for (const problem of plan.problems) this.#log?.warn(`${problem}.`);
    this.#plan = plan;
    const mask = plan.subscriptions.reduce((m, s) => m | s.mask, 0);
    const wanted = new Set<string>();
    for (const sub of plan.subscriptions) {
      for (const root of sub.roots) {
        watches.add(root, mask, sub.recursive, (dir) => dir !== normalise(root) && plan.excluded(dir));
      }
    }
    // What the plan still covers: each root and, for recursive subscriptions, what lies below it.
    for (const dir of watches.directories()) {
      const covered = plan.subscriptions.some((sub) =>
        sub.roots.some((root) => {
          const base = normalise(root);
          return dir === base || (sub.recursive && dir.startsWith(base === '/' ? '/' : `${base}/`));
        }),
      );
      if (covered) wanted.add(dir);
    }
    watches.retain(wanted);
    return { state: 'running', subscriptions: plan.subscriptions.length };
  }

  #onEvents(events: InotifyEvent[]): void {
    const plan = this.#plan;
    const watches = this.#watches;
    const ctx = this.#ctx;
    if (plan === undefined || watches === undefined || ctx === undefined) return;
    const matched: FileEvent[] = [];
    for (const event of events) {
      if ((event.mask & IN.Q_OVERFLOW) !== 0) {
        this.#overflows += 1;
        this.#log?.warn({ overflows: this.#overflows }, 'inotify queue overflowed; some file events were lost.');
        continue;
      }
      const dir = watches.directory(event.wd);
      if (dir === undefined) continue;
      if ((event.mask & IN.IGNORED) !== 0) {
        watches.forget(event.wd);
        continue;
      }
      const path = event.name === '' ? dir : dir === '/' ? `/${event.name}` : `${dir}/${event.name}`;
      if ((event.mask & IN.ISDIR) !== 0 && (event.mask & (IN.CREATE | IN.MOVED_TO)) !== 0)
        this.#watchNewDirectory(plan, path);
      const action = actionOf(event.mask);
      if (action === undefined || plan.excluded(path)) continue;
      for (const sub of plan.subscriptions) {
        if ((sub.mask & event.mask) === 0 || !sub.matches(path)) continue;
        matched.push({ path, category: sub.category, action, cookie: event.cookie, accesses: sub.accesses });
      }
    }
    if (matched.length === 0) return;
    const builder = new FileRowBuilder(hashLimit(ctx));
    ctx.sink.add(
      'file_events',
      matched.map((event) => builder.row(event)),
    );
    this.#events += matched.length;
    this.#yara?.enqueue(matched);
  }

  /** A directory appeared below a recursive root: watch it (and anything already inside it). */
  #watchNewDirectory(plan: WatchPlan, path: string): void {
    const watches = this.#watches;
    if (watches === undefined) return;
    const recursive = plan.subscriptions.some((sub) => sub.recursive && sub.matches(`${path}/`));
    if (!recursive || plan.excluded(path)) return;
    const mask = plan.subscriptions.reduce((m, s) => m | s.mask, 0);
    watches.add(path, mask, true, (dir) => plan.excluded(dir));
  }
}

function hashLimit(ctx: PublisherContext): number {
  const value = Number(ctx.flag('read_max'));
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_HASH_MAX;
}
