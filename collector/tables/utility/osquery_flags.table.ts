import { col, defineTable } from '../../engine/spec.js';
import { genOsqueryFlags } from './osquery_flags.js';

export default defineTable({
  name: 'osquery_flags',
  description: "Configurable flags that modify osquery's behavior.",
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('name', 'TEXT', 'Flag name'),
    col('type', 'TEXT', 'Flag type'),
    col('description', 'TEXT', 'Flag description'),
    col('default_value', 'TEXT', 'Flag default value'),
    col('value', 'TEXT', 'Flag value'),
    col('shell_only', 'INTEGER', 'Is the flag shell only?'),
  ],
  attributes: { utility: true },
  generate: genOsqueryFlags,
});
