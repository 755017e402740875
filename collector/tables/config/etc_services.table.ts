import { col, defineTable } from '../../engine/spec.js';
import { genEtcServices } from './etc_services.js';

export default defineTable({
  name: 'etc_services',
  description: 'Line-parsed /etc/services.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('name', 'TEXT', 'Service name'),
    col('port', 'INTEGER', 'Service port number'),
    col('protocol', 'TEXT', 'Transport protocol (TCP/UDP)'),
    col('aliases', 'TEXT', 'Optional space separated list of other names for a service'),
    col('comment', 'TEXT', 'Optional comment for a service.'),
  ],
  attributes: { cacheable: true },
  generate: genEtcServices,
});
