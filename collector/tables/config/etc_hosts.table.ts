import { col, defineTable } from '../../engine/spec.js';
import { genEtcHosts } from './etc_hosts.js';

export default defineTable({
  name: 'etc_hosts',
  description: 'Line-parsed /etc/hosts.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('address', 'TEXT', 'IP address mapping'),
    col('hostnames', 'TEXT', 'Raw hosts mapping'),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  attributes: { cacheable: true },
  aliases: ['hosts'],
  generate: genEtcHosts,
});
