/** osquery's `extended_attributes` table (spec specs/posix/extended_attributes.table, implementation extended_attributes@genXattr). */
import { col, defineTable } from '../../engine/spec.js';
import { genExtendedAttributes } from './extended_attributes.js';

export default defineTable({
  name: 'extended_attributes',
  description: 'Returns the extended attributes for files (similar to Windows ADS).',
  platforms: ['linux', 'darwin'],
  columns: [
    col('path', 'TEXT', 'Absolute file path', { required: true, optimized: true }),
    col('directory', 'TEXT', 'Directory of file(s)', { required: true, optimized: true }),
    col('key', 'TEXT', 'Name of the value generated from the extended attribute'),
    col('value', 'TEXT', 'The parsed information from the attribute'),
    col('base64', 'INTEGER', '1 if the value is base64 encoded else 0'),
  ],
  generate: genExtendedAttributes,
});
