/** osquery's `cpuid` table (spec specs/cpuid.table, implementation cpuid@genCPUID). */
import { col, defineTable } from '../../engine/spec.js';
import { genCpuid } from './cpuid.js';

export default defineTable({
  name: 'cpuid',
  description: 'Useful CPU features from the cpuid ASM call.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('feature', 'TEXT', 'Present feature flags'),
    col('value', 'TEXT', 'Bit value or string'),
    col('output_register', 'TEXT', 'Register used to for feature value'),
    col('output_bit', 'INTEGER', 'Bit in register value for feature value'),
    col('input_eax', 'TEXT', 'Value of EAX used'),
  ],
  generate: genCpuid,
});
