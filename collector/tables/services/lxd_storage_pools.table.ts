import { col, defineTable } from '../../engine/spec.js';
import { genLxdStoragePools } from './lxd_storage_pools.js';

export default defineTable({
  name: 'lxd_storage_pools',
  description: 'LXD storage pool information.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Name of the storage pool'),
    col('driver', 'TEXT', 'Storage driver'),
    col('source', 'TEXT', 'Storage pool source'),
    col('size', 'TEXT', 'Size of the storage pool'),
    col('space_used', 'BIGINT', 'Storage space used in bytes'),
    col('space_total', 'BIGINT', 'Total available storage space in bytes for this storage pool'),
    col('inodes_used', 'BIGINT', 'Number of inodes used'),
    col('inodes_total', 'BIGINT', 'Total number of inodes available in this storage pool'),
  ],
  examples: ['select * from lxd_storage_pools'],
  generate: genLxdStoragePools,
});
