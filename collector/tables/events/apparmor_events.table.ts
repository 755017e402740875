/**
 * osquery's `apparmor_events` (spec specs/linux/apparmor_events.table): AppArmor's AVC audit records, recorded by the
 * audit publisher with --audit_allow_apparmor_events.
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'apparmor_events',
  description: 'Track AppArmor events.',
  platforms: ['linux'],
  columns: [
    col('type', 'TEXT', 'Event type'),
    col('message', 'TEXT', 'Raw audit message'),
    col('time', 'BIGINT', 'Time of execution in UNIX time', { additional: true }),
    col('uptime', 'BIGINT', 'Time of execution in system uptime'),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
    col('apparmor', 'TEXT', 'Apparmor Status like ALLOWED, DENIED etc.'),
    col('operation', 'TEXT', 'Permission requested by the process'),
    col('parent', 'UNSIGNED BIGINT', 'Parent process PID'),
    col('profile', 'TEXT', 'Apparmor profile name'),
    col('name', 'TEXT', 'Process name'),
    col('pid', 'UNSIGNED BIGINT', 'Process ID'),
    col('comm', 'TEXT', 'Command-line name of the command that was used to invoke the analyzed process'),
    col('denied_mask', 'TEXT', 'Denied permissions for the process'),
    col('capname', 'TEXT', 'Capability requested by the process'),
    col('fsuid', 'UNSIGNED BIGINT', 'Filesystem user ID'),
    col('ouid', 'UNSIGNED BIGINT', "Object owner's user ID"),
    col('capability', 'BIGINT', 'Capability number'),
    col('requested_mask', 'TEXT', 'Requested access mask'),
    col('info', 'TEXT', 'Additional information'),
    col('error', 'TEXT', 'Error information'),
    col('namespace', 'TEXT', 'AppArmor namespace'),
    col('label', 'TEXT', 'AppArmor label'),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('apparmor_events', ctx),
});
