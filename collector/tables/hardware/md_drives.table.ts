/** osquery's `md_drives` table (spec specs/linux/md_drives.table, implementation system/md_stat@genMDDrives). */
import { col, defineTable } from '../../engine/spec.js';
import { genMdDrives } from './md_drives.js';

export default defineTable({
  name: 'md_drives',
  description: 'Drive devices used for Software RAID.',
  platforms: ['linux'],
  columns: [
    col('md_device_name', 'TEXT', 'md device name'),
    col('drive_name', 'TEXT', 'Drive device name'),
    col('slot', 'INTEGER', 'Slot position of disk'),
    col('state', 'TEXT', 'State of the drive'),
  ],
  generate: genMdDrives,
});
