import { col, defineTable } from '../../engine/spec.js';
import { genDnsResolvers } from './dns_resolvers.js';

export default defineTable({
  name: 'dns_resolvers',
  description: 'Resolvers used by this host. Note: On Windows this data is available in the interface_details table.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'INTEGER', 'Address type index or order'),
    col('type', 'TEXT', 'Address type: sortlist, nameserver, search'),
    col('address', 'TEXT', 'Resolver IP/IPv6 address'),
    col('netmask', 'TEXT', 'Address (sortlist) netmask length'),
    col('options', 'BIGINT', 'Resolver options'),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  generate: genDnsResolvers,
});
