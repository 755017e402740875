/** osquery's `smbios_tables` table (spec specs/posix/smbios_tables.table, implementation system/smbios_tables@genSMBIOSTables). */
import { col, defineTable } from '../../engine/spec.js';
import { genSmbiosTables } from './smbios_tables.js';

export default defineTable({
  name: 'smbios_tables',
  description: 'BIOS (DMI) structure common details and content.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('number', 'INTEGER', 'Table entry number'),
    col('type', 'INTEGER', 'Table entry type'),
    col('description', 'TEXT', 'Table entry description'),
    col('handle', 'INTEGER', 'Table entry handle'),
    col('header_size', 'INTEGER', 'Header size in bytes'),
    col('size', 'INTEGER', 'Table entry size in bytes'),
    col('md5', 'TEXT', 'MD5 hash of table entry', { collate: 'NOCASE' }),
  ],
  generate: genSmbiosTables,
});
