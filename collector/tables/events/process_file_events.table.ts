/**
 * osquery's `process_file_events` (spec specs/linux/process_file_events.table): file calls of processes on the
 * paths of file_paths, from audit with --audit_allow_fim_events (collector/events/publishers/process-file-rows.ts).
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'process_file_events',
  description: 'A File Integrity Monitor implementation using the audit service.',
  platforms: ['linux'],
  columns: [
    col('operation', 'TEXT', 'Operation type'),
    col('pid', 'BIGINT', 'Process ID'),
    col('ppid', 'BIGINT', 'Parent process ID'),
    col('time', 'BIGINT', 'Time of execution in UNIX time', { additional: true }),
    col('executable', 'TEXT', 'The executable path'),
    col('partial', 'TEXT', 'True if this is a partial event (i.e.: this process existed before we started osquery)'),
    col('cwd', 'TEXT', 'The current working directory of the process'),
    col('path', 'TEXT', 'The path associated with the event'),
    col('dest_path', 'TEXT', 'The canonical path associated with the event'),
    col('uid', 'TEXT', 'The uid of the process performing the action'),
    col('gid', 'TEXT', 'The gid of the process performing the action'),
    col('auid', 'TEXT', 'Audit user ID of the process using the file'),
    col('euid', 'TEXT', 'Effective user ID of the process using the file'),
    col('egid', 'TEXT', 'Effective group ID of the process using the file'),
    col('fsuid', 'TEXT', 'Filesystem user ID of the process using the file'),
    col('fsgid', 'TEXT', 'Filesystem group ID of the process using the file'),
    col('suid', 'TEXT', 'Saved user ID of the process using the file'),
    col('sgid', 'TEXT', 'Saved group ID of the process using the file'),
    col('uptime', 'BIGINT', 'Time of execution in system uptime'),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('process_file_events', ctx),
});
