/** osquery's `acpi_tables` table (spec specs/posix/acpi_tables.table, implementation system/acpi_tables@genACPITables). */
import { col, defineTable } from '../../engine/spec.js';
import { genAcpiTables } from './acpi_tables.js';

export default defineTable({
  name: 'acpi_tables',
  description: 'Firmware ACPI functional table common metadata and content.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('name', 'TEXT', 'ACPI table name'),
    col('size', 'INTEGER', 'Size of compiled table data'),
    col('md5', 'TEXT', 'MD5 hash of table content', { collate: 'NOCASE' }),
  ],
  generate: genAcpiTables,
});
