/**
 * osquery's `selinux_events` (spec specs/linux/selinux_events.table): SELinux audit records (AVC, SELINUX_ERR,
 * MAC_*), recorded by the audit publisher with --audit_allow_selinux_events.
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'selinux_events',
  description: 'Track SELinux events.',
  platforms: ['linux'],
  columns: [
    col('type', 'TEXT', 'Event type'),
    col('message', 'TEXT', 'Message'),
    col('time', 'BIGINT', 'Time of execution in UNIX time', { additional: true }),
    col('uptime', 'BIGINT', 'Time of execution in system uptime'),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('selinux_events', ctx),
});
