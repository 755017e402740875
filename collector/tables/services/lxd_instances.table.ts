import { col, defineTable } from '../../engine/spec.js';
import { genLxdInstances } from './lxd_instances.js';

export default defineTable({
  name: 'lxd_instances',
  description: 'LXD instances information.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Instance name', { index: true }),
    col('status', 'TEXT', 'Instance state (running, stopped, etc.)'),
    col('stateful', 'INTEGER', 'Whether the instance is stateful(1) or not(0)'),
    col('ephemeral', 'INTEGER', 'Whether the instance is ephemeral(1) or not(0)'),
    col('created_at', 'TEXT', 'ISO time of creation'),
    col('base_image', 'TEXT', 'ID of image used to launch this instance'),
    col('architecture', 'TEXT', 'Instance architecture'),
    col('os', 'TEXT', 'The OS of this instance'),
    col('description', 'TEXT', 'Instance description'),
    col('pid', 'INTEGER', "Instance's process ID"),
    col('processes', 'INTEGER', 'Number of processes running inside this instance'),
  ],
  examples: ['select * from lxd_instances', "select * from lxd_instances where name = 'hello'"],
  generate: genLxdInstances,
});
