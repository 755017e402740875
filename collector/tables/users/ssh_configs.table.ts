/** osquery's `ssh_configs` table (spec specs/ssh_configs.table, implementation ssh_configs@getSshConfigs). */
import { col, defineTable } from '../../engine/spec.js';
import { genSshConfigs } from './ssh_configs.js';

export default defineTable({
  name: 'ssh_configs',
  description: 'A table of parsed ssh_configs.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('uid', 'BIGINT', 'The local owner of the ssh_config file', { additional: true, optimized: true }),
    col('block', 'TEXT', 'The host or match block'),
    col('option', 'TEXT', 'The option and value'),
    col('ssh_config_file', 'TEXT', 'Path to the ssh_config file'),
  ],
  attributes: { userBased: true },
  examples: ['select * from users join ssh_configs using (uid)'],
  generate: genSshConfigs,
});
