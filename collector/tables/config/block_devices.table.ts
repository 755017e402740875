import { col, defineTable } from '../../engine/spec.js';
import { genBlockDevices } from './block_devices.js';

export default defineTable({
  name: 'block_devices',
  description: 'Block (buffered access) device file nodes: disks, ramdisks, and DMG containers.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('name', 'TEXT', 'Block device name', { index: true }),
    col('parent', 'TEXT', 'Block device parent name'),
    col('vendor', 'TEXT', 'Block device vendor string'),
    col('model', 'TEXT', 'Block device model string identifier'),
    col('serial', 'TEXT', 'Disk serial number'),
    col('size', 'BIGINT', 'Block device size in blocks'),
    col('block_size', 'INTEGER', 'Block size in bytes'),
    col('uuid', 'TEXT', 'Block device Universally Unique Identifier', { collate: 'NOCASE' }),
    col('type', 'TEXT', 'Block device type string'),
    col('label', 'TEXT', 'Block device label string'),
  ],
  generate: genBlockDevices,
});
