import { col, defineTable } from '../../engine/spec.js';
import { genListeningPorts } from './listening_ports.js';

export default defineTable({
  name: 'listening_ports',
  description: 'Processes with listening (bound) network sockets/ports.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('pid', 'INTEGER', 'Process (or thread) ID'),
    col('port', 'INTEGER', 'Transport layer port'),
    col('protocol', 'INTEGER', 'Transport protocol (TCP/UDP)'),
    col('family', 'INTEGER', 'Network protocol (IPv4, IPv6)'),
    col('address', 'TEXT', 'Specific address for bind'),
    col('fd', 'BIGINT', 'Socket file descriptor number'),
    col('socket', 'BIGINT', 'Socket handle or inode number'),
    col('path', 'TEXT', 'Path for UNIX domain sockets'),
    col('net_namespace', 'TEXT', 'The inode number of the network namespace'),
  ],
  attributes: { cacheable: true },
  generate: genListeningPorts,
});
