/**
 * osquery's audit publisher (`auditeventpublisher`): with --disable_audit=false it becomes the kernel's audit daemon
 * (AUDIT_SET pid) and adds a rule per subscriber: with --audit_allow_sockets, connect, accept, accept4 and bind
 * (SYSCALL + SOCKADDR records make a socket_events row); with --audit_allow_process_events (osquery's default),
 * execve and execveat, plus fork, vfork and clone with --audit_allow_fork_process_events (SYSCALL + EXECVE + CWD +
 * PATH records make a process_events row; the proc connector publisher then steps aside). Records that are events
 * on their own need no rule, only the audit daemon's place: user_events (--audit_allow_user_events, default true),
 * selinux_events, apparmor_events and seccomp_events (--audit_allow_<name>_events). stop() deletes exactly the rules
 * it added and gives audit back as it found it (pid 0, the previous enabled flag and backlog settings).
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '../../../common/logger.js';
import { messageOf } from '../../../common/errors.js';
import type { Row } from '../../engine/spec.js';
import type { RawAuditRecord } from '../kernel/addon.js';
import { AUDIT, AUDIT_ARCH, AuditError, AuditSocket, syscallRule, type AuditStatus } from '../kernel/audit.js';
import { AuditAssembler, parseAuditRecord, type AuditEvent, type AuditRecord } from '../kernel/audit-records.js';
import { recordRow, recordTable, type RecordTable } from './audit-record-rows.js';
import type { EventPublisher, PublisherContext, PublisherState } from '../types.js';
import { auditProcessRow, processSyscallsFor, withFileTimes } from './audit-process-row.js';
import { planFileWatches } from '../file-paths.js';
import { flagOn } from './flags.js';
import { FimTracker, fimRule } from './process-file-rows.js';
import { processEventsFromAudit } from './process.js';
import { socketRow, type SocketRowOptions } from './socket-row.js';

const SOCKETS = 'socket_events';
const PROCESSES = 'process_events';
const FILES = 'process_file_events';
const SOCKET_RULE_KEY = 'osprey-sockets';
const PROCESS_RULE_KEY = 'osprey-processes';
/** x86_64: connect 42, accept 43, bind 49, accept4 288; aarch64: bind 200, accept 202, connect 203, accept4 242. */
const SOCKET_RULES: Partial<Record<NodeJS.Architecture, { arch: number; syscalls: number[] }>> = {
  x64: { arch: AUDIT_ARCH.x86_64, syscalls: [42, 43, 49, 288] },
  arm64: { arch: AUDIT_ARCH.aarch64, syscalls: [200, 202, 203, 242] },
};
const FLUSH_EVERY_MS = 1000;
/** The single-record tables, each with its flag and osquery's default for it. */
const RECORD_TABLES: ReadonlyArray<{ table: RecordTable; flag: string; fallback: boolean }> = [
  { table: 'user_events', flag: 'audit_allow_user_events', fallback: true },
  { table: 'selinux_events', flag: 'audit_allow_selinux_events', fallback: false },
  { table: 'apparmor_events', flag: 'audit_allow_apparmor_events', fallback: false },
  { table: 'seccomp_events', flag: 'audit_allow_seccomp_events', fallback: false },
];
const ALL_RECORD_TABLES = RECORD_TABLES.map((t) => t.table);

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

/** The rule for process_events on this machine's arch (exported so tests can prove stop() removed it). */
export function processRule(allowFork: boolean): Buffer | undefined {
  const rule = processSyscallsFor(process.arch, allowFork);
  return rule === undefined ? undefined : syscallRule(rule.arch, rule.syscalls, PROCESS_RULE_KEY);
}

/** The rules the enabled subscribers need, or why they cannot have them here. */
function rulesFor(sockets: boolean, processes: boolean, allowFork: boolean, files: boolean): Buffer[] | string {
  const rules: Buffer[] = [];
  if (files) {
    const rule = fimRule(process.arch, process.pid);
    if (rule === undefined) return `NETLINK_AUDIT: no file syscall table for ${process.arch}`;
    rules.push(rule);
  }
  if (sockets) {
    const rule = SOCKET_RULES[process.arch];
    if (rule === undefined) return `NETLINK_AUDIT: no socket syscall table for ${process.arch}`;
    rules.push(syscallRule(rule.arch, rule.syscalls, SOCKET_RULE_KEY));
  }
  if (processes) {
    const rule = processRule(allowFork);
    if (rule === undefined) return `NETLINK_AUDIT: no process syscall table for ${process.arch}`;
    rules.push(rule);
  }
  return rules;
}

function flagNumber(ctx: PublisherContext, name: string, fallback: number): number {
  const value = Number(ctx.flag(name) ?? '');
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

export class AuditEventPublisher implements EventPublisher {
  readonly name = 'auditeventpublisher';
  #tables: readonly string[] = [SOCKETS, FILES, ...ALL_RECORD_TABLES];
  #fim: FimTracker | undefined;
  /** The subscribers whose rules are wanted: rows go only to these tables. */
  #active = new Set<string>();
  #allowFork = false;
  #control: AuditSocket | undefined;
  #events: AuditSocket | undefined;
  /** The rules this publisher added, so stop() deletes exactly those. */
  #rules: Buffer[] = [];
  #before: AuditStatus | undefined;
  #timer: NodeJS.Timeout | undefined;
  #log: Logger | undefined;
  #count = 0;
  #options: SocketRowOptions = { allowFailed: false, allowUnix: false, allowAccept: true, allowNullAccept: false };
  #boot = 0;
  #lost = 0;
  readonly #assembler = new AuditAssembler();

  async start(ctx: PublisherContext): Promise<PublisherState> {
    if (flagOn(ctx, 'disable_events')) return { state: 'disabled', reason: '--disable_events is true' };
    if (flagOn(ctx, 'disable_audit', true)) {
      return { state: 'disabled', reason: '--disable_audit is true' };
    }
    if (this.#events !== undefined) return { state: 'running', subscriptions: this.#active.size };
    const sockets = flagOn(ctx, 'audit_allow_sockets');
    const processes = processEventsFromAudit(ctx);
    this.#tables = [SOCKETS, ...(processes ? [PROCESSES] : []), FILES, ...ALL_RECORD_TABLES];
    const records = RECORD_TABLES.filter((t) => flagOn(ctx, t.flag, t.fallback)).map((t) => t.table);
    const files = flagOn(ctx, 'audit_allow_fim_events');
    if (!sockets && !processes && !files && records.length === 0) {
      return {
        state: 'disabled',
        reason:
          'no audit subscriber is enabled (--audit_allow_sockets, --audit_allow_process_events, --audit_allow_fim_events, --audit_allow_user_events and the selinux, apparmor and seccomp ones are false)',
      };
    }
    this.#allowFork = flagOn(ctx, 'audit_allow_fork_process_events');
    const rules = rulesFor(sockets, processes, this.#allowFork, files);
    if (typeof rules === 'string') return { state: 'disabled', reason: rules };
    this.#active = new Set([
      ...(sockets ? [SOCKETS] : []),
      ...(processes ? [PROCESSES] : []),
      ...(files ? [FILES] : []),
      ...records,
    ]);
    // file_paths and exclude_paths as file_events reads them; a config change applies from the next start.
    const plan = planFileWatches(ctx.config());
    const included = (path: string): boolean => plan.subscriptions.some((s) => s.matches(path)) && !plan.excluded(path);
    this.#fim = files ? new FimTracker(included, flagOn(ctx, 'audit_fim_show_accesses')) : undefined;
    this.#log = ctx.log.child({ component: 'auditeventpublisher' });
    try {
      return this.#takeOver(ctx, rules);
    } catch (err) {
      await this.stop();
      return {
        state: 'disabled',
        reason: err instanceof AuditError ? err.message : `NETLINK_AUDIT: ${messageOf(err)}`,
      };
    }
  }

  /** socket_events, process_events when audit provides them (see processEventsFromAudit), the record tables. */
  get tables(): readonly string[] {
    return this.#tables;
  }

  /** osquery_events: one subscription per subscriber whose rule is installed. */
  subscriptionsOf(table: string): number {
    return this.#events !== undefined && this.#active.has(table) ? 1 : 0;
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

  #takeOver(ctx: PublisherContext, rules: readonly Buffer[]): PublisherState {
    const control = AuditSocket.open();
    this.#control = control;
    const before = control.status();
    const owner = otherOwner(before);
    if (owner !== undefined) return { state: 'disabled', reason: `NETLINK_AUDIT: audit is owned by ${owner}` };
    const events = AuditSocket.open();
    this.#events = events;
    events.setStatus(
      AUDIT.STATUS_ENABLED | AUDIT.STATUS_PID | AUDIT.STATUS_BACKLOG_LIMIT | AUDIT.STATUS_BACKLOG_WAIT_TIME,
      {
        enabled: 1,
        pid: process.pid,
        backlogLimit: flagNumber(ctx, 'audit_backlog_limit', 4096),
        // 0: when the backlog is full the kernel drops records instead of stalling the audited processes.
        backlogWaitTime: flagNumber(ctx, 'audit_backlog_wait_time', 0),
      },
    );
    this.#before = before; // from here on, stop() hands audit back
    this.#options = socketOptions(ctx);
    this.#boot = bootTime();
    events.start((records, lost, error) => this.#onBatch(ctx, records, lost, error));
    for (const rule of rules) {
      try {
        control.deleteRule(rule); // a rule left by a run that crashed
      } catch {
        // ENOENT: none was there.
      }
      control.addRule(rule);
      this.#rules.push(rule);
    }
    this.#timer = setInterval(() => this.#emit(ctx, this.#assembler.flush()), FLUSH_EVERY_MS);
    this.#timer.unref();
    return { state: 'running', subscriptions: this.#active.size };
  }

  #onBatch(ctx: PublisherContext, raw: RawAuditRecord[], lost: number, error: Error | null): void {
    if (lost > 0) {
      this.#lost += lost;
      this.#log?.warn({ lost: this.#lost }, 'Audit records were dropped: the kernel socket buffer overflowed.');
    }
    const records = raw.map((r) => parseAuditRecord(r.type, r.text)).filter((r): r is AuditRecord => r !== null);
    // As osquery, records that are events on their own never join a SYSCALL event, even when they share its serial.
    this.#emitRecords(ctx, records);
    this.#emit(ctx, this.#assembler.add(records.filter((r) => recordTable(r) === undefined)));
    if (error !== null) {
      this.#log?.error(
        { err: error, tables: [...this.#active] },
        'Reading audit records failed; the audit event tables stop.',
      );
    }
  }

  #emit(ctx: PublisherContext, events: readonly AuditEvent[]): void {
    const sockets: Row[] = [];
    const processes: Row[] = [];
    const files: Row[] = [];
    for (const event of events) {
      const socket = this.#active.has(SOCKETS) ? socketRow(event, this.#options, this.#boot) : null;
      if (socket !== null) {
        sockets.push(socket);
        continue;
      }
      const proc = this.#active.has(PROCESSES) ? auditProcessRow(event, this.#allowFork, this.#boot) : null;
      if (proc !== null) processes.push(withFileTimes(proc));
      const file = proc === null ? (this.#fim?.handle(event, this.#boot) ?? null) : null;
      if (file !== null) files.push(file);
    }
    this.#count += sockets.length + processes.length + files.length;
    if (files.length > 0) ctx.sink.add(FILES, files);
    if (sockets.length > 0) ctx.sink.add(SOCKETS, sockets);
    if (processes.length > 0) ctx.sink.add(PROCESSES, processes);
  }

  #emitRecords(ctx: PublisherContext, records: readonly AuditRecord[]): void {
    const byTable = new Map<string, Row[]>();
    for (const record of records) {
      const table = recordTable(record);
      if (table === undefined || !this.#active.has(table)) continue;
      const row = recordRow(table, record, this.#boot);
      if (row === null) continue;
      byTable.set(table, [...(byTable.get(table) ?? []), row]);
      this.#count += 1;
    }
    for (const [table, rows] of byTable) ctx.sink.add(table, rows);
  }

  /** Deletes the rules it added and restores the audit settings found at start; failures are logged, not thrown. */
  #undo(control: AuditSocket): void {
    for (const rule of this.#rules) {
      try {
        control.deleteRule(rule);
      } catch (err) {
        this.#log?.warn({ err }, 'An audit rule could not be removed.');
      }
    }
    this.#rules = [];
    const before = this.#before;
    if (before === undefined) return;
    this.#before = undefined;
    try {
      control.setStatus(
        AUDIT.STATUS_ENABLED | AUDIT.STATUS_PID | AUDIT.STATUS_BACKLOG_LIMIT | AUDIT.STATUS_BACKLOG_WAIT_TIME,
        {
          enabled: before.enabled,
          pid: 0,
          backlogLimit: before.backlogLimit,
          backlogWaitTime: before.backlogWaitTime,
        },
      );
    } catch (err) {
      this.#log?.warn({ err }, 'The audit settings could not be restored.');
    }
  }
}

function socketOptions(ctx: PublisherContext): SocketRowOptions {
  return {
    allowFailed: flagOn(ctx, 'audit_allow_failed_socket_events'),
    allowUnix: flagOn(ctx, 'audit_allow_unix'),
    allowAccept: flagOn(ctx, 'audit_allow_accept_socket_events', true),
    allowNullAccept: flagOn(ctx, 'audit_allow_null_accept_socket_events'),
  };
}
