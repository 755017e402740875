import { col, defineTable } from '../../engine/spec.js';
import { genLxdInstanceDevices } from './lxd_instance_devices.js';

export default defineTable({
  name: 'lxd_instance_devices',
  description: 'LXD instance devices information.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Instance name', { required: true, index: true }),
    col('device', 'TEXT', 'Name of the device'),
    col('device_type', 'TEXT', 'Device type'),
    col('key', 'TEXT', 'Device info param name'),
    col('value', 'TEXT', 'Device info param value'),
  ],
  examples: ["select * from lxd_instance_devices where name = 'hello'"],
  generate: genLxdInstanceDevices,
});
