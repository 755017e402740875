/**
 * process_file_events rows from audit events (--audit_allow_fim_events), after osquery's process_file_events.cpp:
 * path calls (rename, link, symlink, unlink) are rows at once; descriptor calls are tracked per process (open maps
 * the returned fd to its path, dup copies it, close drops it) and a read or write is a row only when it changes the
 * descriptor's state (open → read → write, as osquery: one `write` row per descriptor, not one per call). Calls on
 * descriptors opened before the agent started are partial and left out, as osquery's audit_show_partial_fim_events
 * default. Reads are shown only with --audit_fim_show_accesses. Not tracked (Osprey's subset): mmap, and descriptors
 * inherited across fork (their calls are partial).
 */
import { posix } from 'node:path';
import type { Row } from '../../engine/spec.js';
import { AUDIT, AUDIT_ARCH, syscallRule } from '../kernel/audit.js';
import { auditString, type AuditEvent, type AuditRecord } from '../kernel/audit-records.js';

type FimCall =
  'open' | 'creat' | 'close' | 'dup' | 'read' | 'write' | 'truncate' | 'rename' | 'link' | 'symlink' | 'unlink';

/** x86_64 syscall numbers of the calls osquery's FIM follows (Osprey's subset; see the file comment). */
const X86_64_CALLS: Readonly<Record<number, FimCall>> = {
  0: 'read',
  17: 'read',
  19: 'read',
  295: 'read',
  1: 'write',
  18: 'write',
  20: 'write',
  296: 'write',
  77: 'truncate',
  2: 'open',
  257: 'open',
  437: 'open',
  85: 'creat',
  3: 'close',
  32: 'dup',
  33: 'dup',
  292: 'dup',
  82: 'rename',
  264: 'rename',
  316: 'rename',
  86: 'link',
  265: 'link',
  88: 'symlink',
  266: 'symlink',
  87: 'unlink',
  263: 'unlink',
};
const X86_64 = 'c000003e';
const O_TRUNC = 0o1000;

/** The audit rule for these calls on this arch, leaving out the agent's own; undefined without a table (aarch64). */
export function fimRule(arch: NodeJS.Architecture, agentPid: number): Buffer | undefined {
  if (arch !== 'x64') return undefined;
  return syscallRule(AUDIT_ARCH.x86_64, Object.keys(X86_64_CALLS).map(Number), 'osprey-fim', agentPid);
}

interface Descriptor {
  path: string;
  state: 'open' | 'read' | 'write';
}

const AUDIT_CWD = 1307;

function field(record: AuditRecord, key: string, radix = 10): number | null {
  const raw = record.fields.get(key);
  if (raw === undefined) return null;
  const value = parseInt(raw, radix);
  return Number.isFinite(value) ? value : null;
}

/** A PATH record's name made absolute against the event's cwd and normalized without touching the disk. */
function absolute(cwd: string, name: string): string {
  return posix.normalize(name.startsWith('/') ? name : `${cwd}/${name}`);
}

export class FimTracker {
  /** Descriptors per process: pid → fd → what it refers to. */
  readonly #processes = new Map<number, Map<number, Descriptor>>();
  readonly #included: (path: string) => boolean;
  readonly #showAccesses: boolean;

  constructor(included: (path: string) => boolean, showAccesses: boolean) {
    this.#included = included;
    this.#showAccesses = showAccesses;
  }

  /** The row of one audit event, or null (not a FIM call, failed, partial, unchanged state, or not included). */
  handle(event: AuditEvent, bootTime: number): Row | null {
    const syscall = event.records.find((r) => r.type === AUDIT.SYSCALL);
    if (syscall === undefined || syscall.fields.get('arch') !== X86_64) return null;
    const call = X86_64_CALLS[field(syscall, 'syscall') ?? -1];
    if (call === undefined || syscall.fields.get('success') !== 'yes') return null;
    const pid = field(syscall, 'pid') ?? 0;
    const cwdRecord = event.records.find((r) => r.type === AUDIT_CWD);
    const cwd = auditString(cwdRecord?.fields.get('cwd'));
    const paths = event.records
      .filter((r) => r.type === AUDIT.PATH)
      .map((r) => ({ name: absolute(cwd, auditString(r.fields.get('name'))), type: r.fields.get('nametype') ?? '' }));
    const op = this.#operation(call, pid, syscall, paths);
    if (op === null) return null;
    const write = op.operation !== 'read' && op.operation !== 'open';
    if (!write && !this.#showAccesses) return null;
    if (!this.#included(op.path) && !(op.dest_path !== '' && this.#included(op.dest_path))) return null;
    return {
      ...op,
      ...processColumns(syscall, cwd),
      time: Math.floor(event.time),
      uptime: bootTime > 0 ? Math.max(0, Math.floor(event.time - bootTime)) : null,
    };
  }

  #operation(
    call: FimCall,
    pid: number,
    syscall: AuditRecord,
    paths: ReadonlyArray<{ name: string; type: string }>,
  ): { operation: string; path: string; dest_path: string } | null {
    const fds = this.#processes.get(pid);
    const a0 = field(syscall, 'a0', 16) ?? -1;
    const exit = field(syscall, 'exit') ?? -1;
    const last = (type: string): string => paths.filter((p) => p.type === type).at(-1)?.name ?? '';
    switch (call) {
      case 'open':
      case 'creat': {
        const target = paths.filter((p) => p.type !== 'PARENT').at(-1)?.name ?? '';
        if (target === '' || exit < 0) return null;
        // Only descriptors of included files are kept (all others could never make a row): the map stays small.
        if (this.#included(target)) this.#fds(pid).set(exit, { path: target, state: 'open' });
        else fds?.delete(exit);
        const flags = call === 'creat' ? O_TRUNC : openFlags(syscall);
        return { operation: (flags & O_TRUNC) !== 0 ? 'open+truncate' : 'open', path: target, dest_path: '' };
      }
      case 'close': {
        fds?.delete(a0);
        if (fds?.size === 0) this.#processes.delete(pid);
        return null; // osquery emits close only for descriptors whose state changed, as an access: not shown here
      }
      case 'dup': {
        const from = fds?.get(a0);
        if (from !== undefined && exit >= 0) fds?.set(exit, { ...from });
        return null;
      }
      case 'read':
      case 'write':
      case 'truncate':
        return this.#io(fds?.get(a0), call !== 'read');
      case 'rename':
      case 'link':
        return {
          operation: call,
          path: call === 'rename' ? last('DELETE') : last('NORMAL'),
          dest_path: last('CREATE'),
        };
      case 'symlink':
        return { operation: 'symlink', path: last('CREATE'), dest_path: '' };
      case 'unlink':
        return { operation: 'unlink', path: last('DELETE'), dest_path: '' };
    }
  }

  /** A read or write on a tracked descriptor is a row when it moves the descriptor's state forward. */
  #io(fd: Descriptor | undefined, write: boolean): { operation: string; path: string; dest_path: string } | null {
    if (fd === undefined) return null; // partial: opened before the agent started
    const next = write ? 'write' : 'read';
    if (fd.state === 'write' || (fd.state === 'read' && !write)) return null;
    fd.state = next;
    return { operation: next, path: fd.path, dest_path: '' };
  }

  /** Processes with tracked descriptors (tests). */
  get tracked(): number {
    return this.#processes.size;
  }

  #fds(pid: number): Map<number, Descriptor> {
    let fds = this.#processes.get(pid);
    if (fds === undefined) {
      fds = new Map();
      this.#processes.set(pid, fds);
    }
    return fds;
  }
}

/** open(path, flags) has them in a1, openat(dirfd, path, flags) in a2; openat2 passes a struct (read as none). */
function openFlags(syscall: AuditRecord): number {
  const nr = field(syscall, 'syscall');
  if (nr === 2) return field(syscall, 'a1', 16) ?? 0;
  if (nr === 257) return field(syscall, 'a2', 16) ?? 0;
  return 0;
}

function processColumns(syscall: AuditRecord, cwd: string): Row {
  const id = (key: string): string => syscall.fields.get(key) ?? '';
  return {
    pid: field(syscall, 'pid'),
    ppid: field(syscall, 'ppid'),
    executable: auditString(syscall.fields.get('exe')),
    partial: 'false',
    cwd,
    uid: id('uid'),
    gid: id('gid'),
    auid: id('auid'),
    euid: id('euid'),
    egid: id('egid'),
    fsuid: id('fsuid'),
    fsgid: id('fsgid'),
    suid: id('suid'),
    sgid: id('sgid'),
  };
}
