import { col, defineTable } from '../../engine/spec.js';
import { genProcessOpenSockets } from './process_open_sockets.js';

export default defineTable({
  name: 'process_open_sockets',
  description: 'Processes which have open network sockets on the system.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('pid', 'INTEGER', 'Process (or thread) ID', { additional: true }),
    col('fd', 'BIGINT', 'Socket file descriptor number'),
    col('socket', 'BIGINT', 'Socket handle or inode number'),
    col('family', 'INTEGER', 'Network protocol (IPv4, IPv6)'),
    col('protocol', 'INTEGER', 'Transport protocol (TCP/UDP)'),
    col('local_address', 'TEXT', 'Socket local address'),
    col('remote_address', 'TEXT', 'Socket remote address'),
    col('local_port', 'INTEGER', 'Socket local port'),
    col('remote_port', 'INTEGER', 'Socket remote port'),
    col('path', 'TEXT', 'For UNIX sockets (family=AF_UNIX), the domain path'),
    col('state', 'TEXT', 'TCP socket state'),
    col('net_namespace', 'TEXT', 'The inode number of the network namespace'),
  ],
  examples: ['select * from process_open_sockets where pid = 1'],
  generate: genProcessOpenSockets,
});
