/** osquery's `known_hosts` table (spec specs/posix/known_hosts.table, implementation known_hosts@getKnownHostsKeys). */
import { col, defineTable } from '../../engine/spec.js';
import { genKnownHosts } from './known_hosts.js';

export default defineTable({
  name: 'known_hosts',
  description: 'A line-delimited known_hosts table.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('uid', 'BIGINT', 'The local user that owns the known_hosts file', { index: true, optimized: true }),
    col('key', 'TEXT', 'parsed authorized keys line'),
    col('key_file', 'TEXT', 'Path to known_hosts file'),
  ],
  attributes: { userBased: true },
  examples: ['select * from users join known_hosts using (uid)'],
  generate: genKnownHosts,
});
