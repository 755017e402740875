/** ECS mappings of the process tables: processes (state) and process_events (audit exec events). */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { lifecycle, type TableMapping } from './mapping.js';
import { basename, int, secondsToMs, str, type Row } from './row.js';

/** Fields both process tables share: pid, parent, executable, command line, working directory, user. */
function mapProcessCore(row: Row, doc: EnrichedEventInput): void {
  const path = str(row, 'path');
  const uid = str(row, 'uid');
  doc.process = {
    pid: int(row, 'pid', 0),
    ppid: int(row, 'parent', 0),
    name: str(row, 'name') ?? (path ? basename(path) : null),
    executable: path,
    command_line: str(row, 'cmdline'),
    working_directory: str(row, 'cwd'),
    user: uid === null ? null : { id: uid, name: null },
  };
}

export const processes: TableMapping = {
  table: 'processes',
  category: ['process'],
  signature: ['pid', 'name', 'path', 'cmdline', 'parent', 'start_time', 'resident_size'],
  types: lifecycle('start', 'end'),
  map(row, doc) {
    mapProcessCore(row, doc);
    const process = doc.process ?? {};
    const startSeconds = int(row, 'start_time', 1);
    process.start = secondsToMs(row, 'start_time');
    // Unique across pid reuse on one host: what ECS asks of entity_id.
    if (process.pid !== null && process.pid !== undefined && startSeconds !== null) {
      process.entity_id = `${doc.osquery?.hostIdentifier ?? ''}:${process.pid}:${startSeconds}`;
    }
  },
};

/** Syscalls process_events records (audit / eBPF): which start a program, which end one. */
const PROCESS_EVENT_TYPES: Readonly<Record<string, string>> = {
  execve: 'start',
  execveat: 'start',
  fork: 'start',
  vfork: 'start',
  clone: 'start',
  exit: 'end',
  exit_group: 'end',
};

export const processEvents: TableMapping = {
  table: 'process_events',
  category: ['process'],
  evented: true,
  signature: ['pid', 'path', 'cmdline', 'parent', 'auid', 'syscall'],
  types: (_action, row) => [PROCESS_EVENT_TYPES[row.syscall ?? 'execve'] ?? 'info'],
  action: (_action, row) => str(row, 'syscall') ?? 'execve',
  map(row, doc) {
    mapProcessCore(row, doc);
    const process = doc.process ?? {};
    const time = int(row, 'time', 1);
    if (PROCESS_EVENT_TYPES[row.syscall ?? 'execve'] === 'start') process.start = secondsToMs(row, 'time');
    if (process.pid !== null && process.pid !== undefined && time !== null) {
      process.entity_id = `${doc.osquery?.hostIdentifier ?? ''}:${process.pid}:${time}`;
    }
  },
};
