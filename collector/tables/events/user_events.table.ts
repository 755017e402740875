/**
 * osquery's `user_events` (spec specs/posix/user_events.table): user-space audit messages (types 1100-1199, such as
 * PAM's USER_AUTH and USER_LOGIN), recorded by the audit publisher (collector/events/publishers/socket.ts).
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'user_events',
  description: 'Track user events from the audit framework.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('uid', 'BIGINT', 'User ID'),
    col('auid', 'BIGINT', 'Audit User ID'),
    col('pid', 'BIGINT', 'Process (or thread) ID'),
    col('message', 'TEXT', 'Message from the event'),
    col('type', 'INTEGER', 'The file description for the process socket'),
    col('path', 'TEXT', 'Supplied path from event'),
    col('address', 'TEXT', 'The Internet protocol address or family ID'),
    col('terminal', 'TEXT', 'The network protocol ID'),
    col('time', 'BIGINT', 'Time of execution in UNIX time', { additional: true }),
    col('uptime', 'BIGINT', 'Time of execution in system uptime'),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('user_events', ctx),
});
