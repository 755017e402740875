/**
 * osquery's audit publisher (`auditeventpublisher`) for socket_events: with --disable_audit=false and
 * --audit_allow_sockets=true it becomes the kernel's audit daemon (AUDIT_SET pid), adds one rule for connect,
 * accept, accept4 and bind, and turns the SYSCALL + SOCKADDR records of each call into a row. stop() deletes the
 * rule and gives audit back as it found it (pid 0, the previous enabled flag and backlog settings).
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '../../../common/logger.js';
import { messageOf } from '../../../common/errors.js';
import type { Row } from '../../engine/spec.js';
import type { RawAuditRecord } from '../kernel/addon.js';
import { AUDIT, AUDIT_ARCH, AuditError, AuditSocket, syscallRule, type AuditStatus } from '../kernel/audit.js';
import { AuditAssembler, parseAuditRecord, type AuditEvent, type AuditRecord } from '../kernel/audit-records.js';
import type { EventPublisher, PublisherContext, PublisherState } from '../types.js';
import { isTrue } from './process.js';
import { socketRow, type SocketRowOptions } from './socket-row.js';

const TABLE = 'socket_events';
const RULE_KEY = 'osprey-sockets';
/** x86_64: connect 42, accept 43, bind 49, accept4 288; aarch64: bind 200, accept 202, connect 203, accept4 242. */
const RULES: Partial<Record<NodeJS.Architecture, { arch: number; syscalls: number[] }>> = {
  x64: { arch: AUDIT_ARCH.x86_64, syscalls: [42, 43, 49, 288] },
  arm64: { arch: AUDIT_ARCH.aarch64, syscalls: [200, 202, 203, 242] },
};
const FLUSH_EVERY_MS = 1000;

/** The pid that owns audit, when it is another live process (auditd, or another agent). */
function otherOwner(status: AuditStatus): string | undefined {
  if (status.pid === 0 || status.pid === process.pid) return undefined;
  try {
    const comm = readFileSync(`/proc/${status.pid}/comm`, 'utf8').trim();
    return `pid ${status.pid} (${comm})`;
  } catch {
    return undefined; // a dead owner: the kernel lets a new daemon take over
  }
}

function bootTime(): number {
  try {
    return Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function flagNumber(ctx: PublisherContext, name: string, fallback: number): number {
  const value = Number(ctx.flag(name) ?? '');
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

export class AuditEventPublisher implements EventPublisher {
  readonly name = 'auditeventpublisher';
  readonly tables = [TABLE] as const;
  #control: AuditSocket | undefined;
  #events: AuditSocket | undefined;
  #rule: Buffer | undefined;
  #before: AuditStatus | undefined;
  #timer: NodeJS.Timeout | undefined;
  #log: Logger | undefined;
  #count = 0;
  #options: SocketRowOptions = { allowFailed: false, allowUnix: false, allowAccept: true, allowNullAccept: false };
  #boot = 0;
  #lost = 0;
  readonly #assembler = new AuditAssembler();

  async start(ctx: PublisherContext): Promise<PublisherState> {
    if (isTrue(ctx.flag('disable_events'))) return { state: 'disabled', reason: '--disable_events is true' };
    if (ctx.flag('disable_audit') === undefined || isTrue(ctx.flag('disable_audit'))) {
      return { state: 'disabled', reason: '--disable_audit is true' };
    }
    if (!isTrue(ctx.flag('audit_allow_sockets'))) return { state: 'disabled', reason: '--audit_allow_sockets is false' };
    const rule = RULES[process.arch];
    if (rule === undefined) return { state: 'disabled', reason: `NETLINK_AUDIT: no socket syscall table for ${process.arch}` };
    if (this.#events !== undefined) return { state: 'running', subscriptions: 1 };
    this.#log = ctx.log.child({ component: 'auditeventpublisher' });
    try {
      return this.#takeOver(ctx, syscallRule(rule.arch, rule.syscalls, RULE_KEY));
    } catch (err) {
      await this.stop();
      return { state: 'disabled', reason: err instanceof AuditError ? err.message : `NETLINK_AUDIT: ${messageOf(err)}` };
    }
  }

  stats(): { events: number; refreshes: number } {
    return { events: this.#count, refreshes: 0 };
  }

  /** Records the kernel dropped (ENOBUFS) since start. */
  get lost(): number {
    return this.#lost;
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    const control = this.#control;
    if (control !== undefined) {
      this.#undo(control);
      control.close();
    }
    this.#events?.close();
    this.#control = undefined;
    this.#events = undefined;
  }

  #takeOver(ctx: PublisherContext, rule: Buffer): PublisherState {
    const control = AuditSocket.open();
    this.#control = control;
    const before = control.status();
    const owner = otherOwner(before);
    if (owner !== undefined) return { state: 'disabled', reason: `NETLINK_AUDIT: audit is owned by ${owner}` };
    const events = AuditSocket.open();
    this.#events = events;
    events.setStatus(AUDIT.STATUS_ENABLED | AUDIT.STATUS_PID | AUDIT.STATUS_BACKLOG_LIMIT | AUDIT.STATUS_BACKLOG_WAIT_TIME, {
      enabled: 1,
      pid: process.pid,
      backlogLimit: flagNumber(ctx, 'audit_backlog_limit', 4096),
      // 0: when the backlog is full the kernel drops records instead of stalling the audited processes.
      backlogWaitTime: flagNumber(ctx, 'audit_backlog_wait_time', 0),
    });
    this.#before = before; // from here on, stop() hands audit back
    this.#options = socketOptions(ctx);
    this.#boot = bootTime();
    events.start((records, lost, error) => this.#onBatch(ctx, records, lost, error));
    try {
      control.deleteRule(rule); // a rule left by a run that crashed
    } catch {
      // ENOENT: none was there.
    }
    control.addRule(rule);
    this.#rule = rule;
    this.#timer = setInterval(() => this.#emit(ctx, this.#assembler.flush()), FLUSH_EVERY_MS);
    this.#timer.unref();
    return { state: 'running', subscriptions: 1 };
  }

  #onBatch(ctx: PublisherContext, raw: RawAuditRecord[], lost: number, error: Error | null): void {
    if (lost > 0) {
      this.#lost += lost;
      this.#log?.warn({ lost: this.#lost }, 'Audit records were dropped: the kernel socket buffer overflowed.');
    }
    const records = raw.map((r) => parseAuditRecord(r.type, r.text)).filter((r): r is AuditRecord => r !== null);
    this.#emit(ctx, this.#assembler.add(records));
    if (error !== null) this.#log?.error({ err: error }, 'Reading audit records failed; socket_events stops.');
  }

  #emit(ctx: PublisherContext, events: readonly AuditEvent[]): void {
    const rows: Row[] = [];
    for (const event of events) {
      const row = socketRow(event, this.#options, this.#boot);
      if (row !== null) rows.push(row);
    }
    if (rows.length === 0) return;
    this.#count += rows.length;
    ctx.sink.add(TABLE, rows);
  }

  /** Deletes the rule and restores the audit settings found at start; failures are logged, not thrown. */
  #undo(control: AuditSocket): void {
    try {
      if (this.#rule !== undefined) control.deleteRule(this.#rule);
    } catch (err) {
      this.#log?.warn({ err }, 'The socket audit rule could not be removed.');
    }
    this.#rule = undefined;
    const before = this.#before;
    if (before === undefined) return;
    this.#before = undefined;
    try {
      control.setStatus(AUDIT.STATUS_ENABLED | AUDIT.STATUS_PID | AUDIT.STATUS_BACKLOG_LIMIT | AUDIT.STATUS_BACKLOG_WAIT_TIME, {
        enabled: before.enabled,
        pid: 0,
        backlogLimit: before.backlogLimit,
        backlogWaitTime: before.backlogWaitTime,
      });
    } catch (err) {
      this.#log?.warn({ err }, 'The audit settings could not be restored.');
    }
  }
}

function socketOptions(ctx: PublisherContext): SocketRowOptions {
  const flag = (name: string, fallback: boolean): boolean => {
    const value = ctx.flag(name);
    return value === undefined ? fallback : isTrue(value);
  };
  return {
    allowFailed: flag('audit_allow_failed_socket_events', false),
    allowUnix: flag('audit_allow_unix', false),
    allowAccept: flag('audit_allow_accept_socket_events', true),
    allowNullAccept: flag('audit_allow_null_accept_socket_events', false),
  };
}
