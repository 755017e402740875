/**
 * osquery's `seccomp_events` (spec specs/linux/seccomp_events.table): AUDIT_SECCOMP records (a filter's LOG or KILL
 * action), recorded by the audit publisher with --audit_allow_seccomp_events.
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'seccomp_events',
  description: 'A virtual table that tracks seccomp events.',
  platforms: ['linux'],
  columns: [
    col('time', 'BIGINT', 'Time of execution in UNIX time', { additional: true }),
    col('uptime', 'BIGINT', 'Time of execution in system uptime'),
    col('auid', 'UNSIGNED BIGINT', 'Audit user ID (loginuid) of the user who started the analyzed process'),
    col('uid', 'UNSIGNED BIGINT', 'User ID of the user who started the analyzed process'),
    col('gid', 'UNSIGNED BIGINT', 'Group ID of the user who started the analyzed process'),
    col('ses', 'UNSIGNED BIGINT', 'Session ID of the session from which the analyzed process was invoked'),
    col('pid', 'UNSIGNED BIGINT', 'Process ID'),
    col('comm', 'TEXT', 'Command-line name of the command that was used to invoke the analyzed process'),
    col('exe', 'TEXT', 'The path to the executable that was used to invoke the analyzed process'),
    col('sig', 'BIGINT', 'Signal value sent to process by seccomp'),
    col('arch', 'TEXT', 'Information about the CPU architecture'),
    col('syscall', 'TEXT', 'Type of the system call'),
    col('compat', 'BIGINT', 'Is system call in compatibility mode'),
    col('ip', 'TEXT', 'Instruction pointer value'),
    col('code', 'TEXT', 'The seccomp action'),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('seccomp_events', ctx),
});
