/** osquery's `disk_encryption` table (spec specs/posix/disk_encryption.table, implementation disk_encryption@genFDEStatus). */
import { col, defineTable } from '../../engine/spec.js';
import { genDiskEncryption } from './disk_encryption.js';

export default defineTable({
  name: 'disk_encryption',
  description: 'Disk encryption status and information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('name', 'TEXT', 'Disk name', { index: true }),
    col('uuid', 'TEXT', 'Disk Universally Unique Identifier', { collate: 'NOCASE' }),
    col('encrypted', 'INTEGER', '1 If encrypted: true (disk is encrypted), else 0'),
    col('type', 'TEXT', 'Description of cipher type and mode if available'),
    col(
      'encryption_status',
      'TEXT',
      'Disk encryption status with one of following values: encrypted | not encrypted | undefined',
    ),
    col('uid', 'TEXT', 'Currently authenticated user if available', { hidden: true }),
    col('user_uuid', 'TEXT', 'UUID of authenticated user if available', { hidden: true, collate: 'NOCASE' }),
    col('filevault_status', 'TEXT', 'FileVault status with one of following values: on | off | unknown', {
      hidden: true,
    }),
  ],
  generate: genDiskEncryption,
});
