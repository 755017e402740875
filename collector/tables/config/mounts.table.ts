import { col, defineTable } from '../../engine/spec.js';
import { genMounts } from './mounts.js';

export default defineTable({
  name: 'mounts',
  description: 'System mounted devices and filesystems (not process specific).',
  platforms: ['linux', 'darwin'],
  columns: [
    col('device', 'TEXT', 'Mounted device'),
    col('device_alias', 'TEXT', 'Mounted device alias'),
    col('path', 'TEXT', 'Mounted device path'),
    col('type', 'TEXT', 'Mounted device type'),
    col('blocks_size', 'BIGINT', 'Block size in bytes'),
    col('blocks', 'BIGINT', 'Mounted device used blocks'),
    col('blocks_free', 'BIGINT', 'Mounted device blocks available to root users, a superset of blocks_available'),
    col('blocks_available', 'BIGINT', 'Mounted device blocks available to non-root users'),
    col('inodes', 'BIGINT', 'Mounted device used inodes'),
    col('inodes_free', 'BIGINT', 'Mounted device free inodes'),
    col('flags', 'TEXT', 'Mounted device flags'),
  ],
  generate: genMounts,
});
