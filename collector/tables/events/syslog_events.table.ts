/**
 * osquery's `syslog_events` (spec specs/linux/syslog_events.table): messages rsyslog forwards as CSV lines into the
 * pipe at --syslog_pipe_path, recorded by the syslog publisher (collector/events/publishers/syslog.ts).
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'syslog_events',
  description: '',
  platforms: ['linux'],
  columns: [
    col('time', 'BIGINT', 'Current unix epoch time', { additional: true }),
    col('datetime', 'TEXT', 'Time known to syslog'),
    col('host', 'TEXT', 'Hostname configured for syslog'),
    col('severity', 'INTEGER', 'Syslog severity'),
    col('facility', 'TEXT', 'Syslog facility'),
    col('tag', 'TEXT', 'The syslog tag'),
    col('message', 'TEXT', 'The syslog message'),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('syslog_events', ctx),
});
