import { col, defineTable } from '../../engine/spec.js';
import { genLxdInstanceConfig } from './lxd_instance_config.js';

export default defineTable({
  name: 'lxd_instance_config',
  description: 'LXD instance configuration information.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Instance name', { required: true, index: true }),
    col('key', 'TEXT', 'Configuration parameter name'),
    col('value', 'TEXT', 'Configuration parameter value'),
  ],
  examples: ["select * from lxd_instance_config where name = 'hello'"],
  generate: genLxdInstanceConfig,
});
