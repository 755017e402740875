/** osquery's `ec2_instance_tags` table (spec specs/ec2_instance_tags.table, implementation cloud/ec2_instance_tags@genEc2InstanceTags). */
import { col, defineTable } from '../../engine/spec.js';
import { genEc2InstanceTags } from './ec2_instance_tags.js';

export default defineTable({
  name: 'ec2_instance_tags',
  description: 'EC2 instance tag key value pairs.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('instance_id', 'TEXT', 'EC2 instance ID'),
    col('key', 'TEXT', 'Tag key'),
    col('value', 'TEXT', 'Tag value'),
  ],
  generate: genEc2InstanceTags,
});
