/**
 * process_events from the netlink proc connector (osquery fills the table from audit; the proc connector needs no
 * audit rules and sees every exec, fork and exit). The native reader reads /proc/<pid> at the event, and takes the
 * path from fanotify FAN_OPEN_EXEC (the file execve opened) when it can, so a process that lived a millisecond has
 * its path; its command line only if /proc still had it. A process already gone still yields a row with pid, parent
 * and time. Runs unless events are disabled or --audit_allow_process_events is false, and steps aside when audit
 * provides process_events (--disable_audit=false; see processEventsFromAudit).
 */
import { ProcConnector, type ExecPathSource, type ProcEvent } from '../kernel/proc-connector.js';
import type { EventPublisher, PublisherContext, PublisherState } from '../types.js';
import { flagOn } from './flags.js';
import { ProcessRows } from './process-rows.js';

export { processRow, readProcessImage, unixSecondsOf, type ProcessImage } from './process-rows.js';

const TABLE = 'process_events';

/**
 * Whether process_events come from the audit publisher: as osquery, with --disable_audit=false and
 * --audit_allow_process_events (default true). The proc connector then steps aside so no exec is recorded twice.
 */
export function processEventsFromAudit(ctx: PublisherContext): boolean {
  return !flagOn(ctx, 'disable_audit', true) && flagOn(ctx, 'audit_allow_process_events', true);
}

/** The status reason for a connector that would not open: `NETLINK_CONNECTOR: bind: Operation not permitted (EPERM)`. */
export function connectorDisabledReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith('NETLINK_CONNECTOR:') ? message : `NETLINK_CONNECTOR: ${message}`;
}

/** The status line's account of where exec paths come from; fanotify counts as a second subscription. */
export function execPathState(paths: ExecPathSource): { subscriptions: number; detail: string } {
  if (paths.source === 'fanotify') {
    const failed = paths.failures.length > 0 ? ` (not marked: ${paths.failures.join('; ')})` : '';
    return {
      subscriptions: 2,
      detail: `exec paths from fanotify FAN_OPEN_EXEC on ${paths.filesystems} filesystems${failed}`,
    };
  }
  return {
    subscriptions: 1,
    detail: `exec paths from /proc only, short-lived processes may have none: ${paths.reason}`,
  };
}

export class ProcConnectorPublisher implements EventPublisher {
  readonly name = 'proc_connector';
  readonly tables = [TABLE] as const;
  #connector: ProcConnector | undefined;
  #events = 0;
  #lost = 0;
  #execLost = 0;
  #rows = new ProcessRows(new Set(['exec']));

  async start(ctx: PublisherContext): Promise<PublisherState> {
    if (flagOn(ctx, 'disable_events')) return { state: 'disabled', reason: '--disable_events is true' };
    if (!flagOn(ctx, 'audit_allow_process_events', true))
      return { state: 'disabled', reason: '--audit_allow_process_events is false' };
    if (processEventsFromAudit(ctx))
      return { state: 'disabled', reason: 'process_events come from audit (--disable_audit=false)' };
    if (this.#connector !== undefined) return { state: 'running', ...execPathState(this.#connector.execPaths) };
    // Fork rows as osquery's audit publisher gives them with --audit_allow_fork_process_events; exit rows with
    // Osprey's --process_events_exit. Without them a pack's `SELECT * FROM process_events` sees one row per exec.
    const kept = new Set<ProcEvent['what']>(['exec']);
    if (flagOn(ctx, 'audit_allow_fork_process_events')) kept.add('fork');
    if (flagOn(ctx, 'process_events_exit')) kept.add('exit');
    this.#rows = new ProcessRows(kept);
    const log = ctx.log.child({ component: 'proc_connector' });
    try {
      this.#connector = ProcConnector.open({
        onEvents: (events) => {
          const rows = this.#rows.rowsOf(events);
          this.#events += rows.length;
          log.trace({ rows: rows.length }, 'Process events read.');
          ctx.sink.add(TABLE, rows);
        },
        onLost: (count) => {
          this.#lost += count;
          log.warn({ lost: this.#lost }, 'The proc connector dropped events: the kernel socket buffer overflowed.');
        },
        onExecLost: (count) => {
          this.#execLost += count;
          log.warn(
            { lost: this.#execLost },
            'The fanotify exec queue overflowed: some exec rows take their path from /proc only.',
          );
        },
        onError: (err) => log.error({ err }, 'The proc connector failed; process_events stops.'),
      });
    } catch (err) {
      return { state: 'disabled', reason: connectorDisabledReason(err) };
    }
    const paths = this.#connector.execPaths;
    if (paths.source === 'proc')
      log.warn({ reason: paths.reason }, 'Exec paths come from /proc only: fanotify is unavailable.');
    return { state: 'running', ...execPathState(paths) };
  }

  stats(): { events: number; refreshes: number } {
    return { events: this.#events, refreshes: 0 };
  }

  /** Messages the kernel dropped since start (ENOBUFS bursts). */
  get lost(): number {
    return this.#lost;
  }

  /** fanotify queue overflows since start: exec opens dropped, so those execs had /proc alone for their path. */
  get execLost(): number {
    return this.#execLost;
  }

  async stop(): Promise<void> {
    this.#connector?.close();
    this.#connector = undefined;
    this.#rows.clear();
  }
}
