import { col, defineTable } from '../../engine/spec.js';
import { genRoutes } from './routes.js';

export default defineTable({
  name: 'routes',
  description: 'The active route table for the host system.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('destination', 'TEXT', 'Destination IP address'),
    col('netmask', 'INTEGER', 'Netmask length'),
    col('gateway', 'TEXT', 'Route gateway'),
    col('source', 'TEXT', 'Route source'),
    col('flags', 'INTEGER', 'Flags to describe route'),
    col('interface', 'TEXT', 'Route local interface'),
    col('mtu', 'INTEGER', 'Maximum Transmission Unit for the route'),
    col('metric', 'INTEGER', 'Cost of route. Lowest is preferred'),
    col('type', 'TEXT', 'Type of route', { additional: true }),
    col('hopcount', 'INTEGER', 'Max hops expected'),
  ],
  attributes: { cacheable: true },
  generate: genRoutes,
});
