/**
 * osquery's `process_events` (spec specs/posix/process_events.table): every exec, fork and exit, recorded by the
 * proc connector publisher (collector/events/publishers/process.ts) into the event store.
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'process_events',
  description: 'Track time/action process executions.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('pid', 'BIGINT', 'Process (or thread) ID'),
    col('path', 'TEXT', 'Path of executed file'),
    col('mode', 'TEXT', 'File mode permissions'),
    col('cmdline', 'TEXT', 'Command line arguments (argv)'),
    col('cmdline_size', 'BIGINT', 'Actual size (bytes) of command line arguments', { hidden: true }),
    col('env', 'TEXT', 'Environment variables delimited by spaces', { hidden: true, aliases: ['environment'] }),
    col('env_count', 'BIGINT', 'Number of environment variables', { hidden: true, aliases: ['environment_count'] }),
    col('env_size', 'BIGINT', 'Actual size (bytes) of environment list', {
      hidden: true,
      aliases: ['environment_size'],
    }),
    col('cwd', 'TEXT', 'The process current working directory'),
    col('auid', 'BIGINT', 'Audit User ID at process start'),
    col('uid', 'BIGINT', 'User ID at process start'),
    col('euid', 'BIGINT', 'Effective user ID at process start'),
    col('gid', 'BIGINT', 'Group ID at process start'),
    col('egid', 'BIGINT', 'Effective group ID at process start'),
    col('owner_uid', 'BIGINT', 'File owner user ID'),
    col('owner_gid', 'BIGINT', 'File owner group ID'),
    col('atime', 'BIGINT', 'File last access in UNIX time', { aliases: ['access_time'] }),
    col('mtime', 'BIGINT', 'File modification in UNIX time', { aliases: ['modify_time'] }),
    col('ctime', 'BIGINT', 'File last metadata change in UNIX time', { aliases: ['change_time'] }),
    col('btime', 'BIGINT', 'File creation in UNIX time', { aliases: ['create_time'] }),
    col('overflows', 'TEXT', 'List of structures that overflowed', { hidden: true }),
    col('parent', 'BIGINT', "Process parent's PID, or -1 if cannot be determined."),
    col('time', 'BIGINT', 'Time of execution in UNIX time', { additional: true }),
    col('uptime', 'BIGINT', 'Time of execution in system uptime'),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
    // OpenBSM (macOS) only in osquery: declared so queries naming it run; NULL on Linux.
    col('status', 'BIGINT', 'OpenBSM Attribute: Status of the process', { hidden: true }),
    col('fsuid', 'BIGINT', 'Filesystem user ID at process start'),
    col('suid', 'BIGINT', 'Saved user ID at process start'),
    col('fsgid', 'BIGINT', 'Filesystem group ID at process start'),
    col('sgid', 'BIGINT', 'Saved group ID at process start'),
    col('syscall', 'TEXT', 'Syscall name: fork, vfork, clone, execve, execveat'),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('process_events', ctx),
});
