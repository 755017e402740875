/** osquery's `ycloud_instance_metadata` table (spec specs/ycloud_instance_metadata.table, implementation cloud/ycloud_metadata@genYCloudMetadata). */
import { col, defineTable } from '../../engine/spec.js';
import { genYCloudInstanceMetadata } from './ycloud_instance_metadata.js';

export default defineTable({
  name: 'ycloud_instance_metadata',
  description: 'Yandex.Cloud instance metadata.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('instance_id', 'TEXT', 'Unique identifier for the VM', { index: true }),
    col('folder_id', 'TEXT', 'Folder identifier for the VM'),
    col('cloud_id', 'TEXT', 'Cloud identifier for the VM'),
    col('name', 'TEXT', 'Name of the VM'),
    col('description', 'TEXT', 'Description of the VM'),
    col('hostname', 'TEXT', 'Hostname of the VM'),
    col('zone', 'TEXT', 'Availability zone of the VM'),
    col('ssh_public_key', 'TEXT', 'SSH public key. Only available if supplied at instance launch time'),
    col('serial_port_enabled', 'TEXT', 'Indicates if serial port is enabled for the VM'),
    col('metadata_endpoint', 'TEXT', 'Endpoint used to fetch VM metadata', { index: true }),
  ],
  attributes: { cacheable: true },
  examples: [
    'select * from ycloud_instance_metadata',
    'select * from ycloud_instance_metadata where metadata_endpoint="http://169.254.169.254"',
  ],
  generate: (ctx) => genYCloudInstanceMetadata(ctx),
});
