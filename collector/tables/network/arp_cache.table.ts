import { col, defineTable } from '../../engine/spec.js';
import { genArpCache } from './arp_cache.js';

export default defineTable({
  name: 'arp_cache',
  description: 'Address resolution cache, both static and dynamic (from ARP, NDP).',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('address', 'TEXT', 'IPv4 address target'),
    col('mac', 'TEXT', 'MAC address of broadcasted address', { collate: 'NOCASE' }),
    col('interface', 'TEXT', 'Interface of the network for the MAC'),
    col('permanent', 'TEXT', '1 for true, 0 for false'),
  ],
  generate: genArpCache,
});
