/**
 * osquery's on-demand YARA scan of files (spec specs/yara_file.table). osquery names it `yara_file` with the alias
 * `yara`; Osprey registers both names as full tables rather than an alias view, because a view over the table would
 * hide the hidden `sigrule` column that osquery's own examples constrain.
 */
import { defineTable } from '../../engine/spec.js';
import { generateYara, YARA_COLUMNS, YARA_EXAMPLES } from './yara.js';

export default defineTable({
  name: 'yara_file',
  description:
    'Triggers one-off YARA query for files at the specified path. Additionally requires one of `sig_group`, `sigfile`, or `sigrule`.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: YARA_COLUMNS,
  examples: YARA_EXAMPLES,
  generate: generateYara,
});
