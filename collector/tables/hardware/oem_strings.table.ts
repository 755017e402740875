/** osquery's `oem_strings` table (spec specs/posix/oem_strings.table, implementation smbios_tables@genOEMStrings). */
import { col, defineTable } from '../../engine/spec.js';
import { genOemStrings } from './oem_strings.js';

export default defineTable({
  name: 'oem_strings',
  description: 'OEM defined strings retrieved from SMBIOS.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('handle', 'TEXT', 'Handle, or instance number, associated with the Type 11 structure'),
    col('number', 'INTEGER', 'The string index of the structure'),
    col('value', 'TEXT', 'The value of the OEM string'),
  ],
  generate: genOemStrings,
});
