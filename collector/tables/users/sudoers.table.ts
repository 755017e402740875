/** osquery's `sudoers` table (spec specs/posix/sudoers.table, implementation sudoers@genSudoers). */
import { col, defineTable } from '../../engine/spec.js';
import { genSudoers } from './sudoers.js';

export default defineTable({
  name: 'sudoers',
  description: 'Rules for running commands as other users via sudo.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('source', 'TEXT', 'Source file containing the given rule'),
    col('header', 'TEXT', 'Symbol for given rule'),
    col('rule_details', 'TEXT', 'Rule definition'),
  ],
  generate: genSudoers,
});
