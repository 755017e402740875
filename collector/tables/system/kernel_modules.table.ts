/** osquery's `kernel_modules` table (spec specs/linux/kernel_modules.table, implementation kernel_modules@genKernelModules). */
import { col, defineTable } from '../../engine/spec.js';
import { genKernelModules } from './kernel_modules.js';

export default defineTable({
  name: 'kernel_modules',
  description: 'Linux kernel modules both loaded and within the load search path.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Module name'),
    col('size', 'BIGINT', 'Size of module content'),
    col('used_by', 'TEXT', 'Module reverse dependencies'),
    col('status', 'TEXT', 'Kernel module status'),
    col('address', 'TEXT', 'Kernel module address'),
  ],
  generate: genKernelModules,
});
