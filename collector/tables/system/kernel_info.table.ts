/** osquery's `kernel_info` table (spec specs/kernel_info.table, implementation system/kernel_info@genKernelInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genKernelInfo } from './kernel_info.js';

export default defineTable({
  name: 'kernel_info',
  description: 'Basic active kernel information.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('version', 'TEXT', 'Kernel version', { collate: 'VERSION' }),
    col('arguments', 'TEXT', 'Kernel arguments'),
    col('path', 'TEXT', 'Kernel path'),
    col('device', 'TEXT', 'Kernel device identifier'),
  ],
  attributes: { cacheable: true },
  generate: genKernelInfo,
});
