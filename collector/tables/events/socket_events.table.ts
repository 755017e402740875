/**
 * osquery's `socket_events` (spec specs/posix/socket_events.table): bind, connect and accept calls, recorded from
 * kernel audit by the audit publisher (collector/events/publishers/socket.ts) into the event store.
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'socket_events',
  description: 'Track network socket bind, connect, and accepts.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('action', 'TEXT', 'The socket action (bind, connect, accept)'),
    col('pid', 'BIGINT', 'Process (or thread) ID'),
    col('path', 'TEXT', 'Path of executed file'),
    col('fd', 'TEXT', 'The file description for the process socket'),
    col('auid', 'BIGINT', 'Audit User ID'),
    col('family', 'INTEGER', 'The Internet protocol family ID'),
    col('protocol', 'INTEGER', 'The network protocol ID', { hidden: true }),
    col('local_address', 'TEXT', 'Local address associated with socket'),
    col('remote_address', 'TEXT', 'Remote address associated with socket'),
    col('local_port', 'INTEGER', 'Local network protocol port number'),
    col('remote_port', 'INTEGER', 'Remote network protocol port number'),
    col('socket', 'TEXT', 'The local path (UNIX domain socket only)', { hidden: true }),
    col('time', 'BIGINT', 'Time of execution in UNIX time', { additional: true }),
    col('uptime', 'BIGINT', 'Time of execution in system uptime'),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
    col('success', 'INTEGER', "Deprecated. Use the 'status' column instead", { hidden: true }),
    col(
      'status',
      'TEXT',
      "Either 'succeeded', 'failed', 'in_progress' (connect() on non-blocking socket) or 'no_client' (null accept() on non-blocking socket)",
    ),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('socket_events', ctx),
});
