/** osquery's `azure_instance_tags` table (spec specs/azure_instance_tags.table, implementation cloud/azure_metadata@genAzureTags). */
import { col, defineTable } from '../../engine/spec.js';
import { genAzureInstanceTags } from './azure_instance_tags.js';

export default defineTable({
  name: 'azure_instance_tags',
  description: 'Azure instance tags.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('vm_id', 'TEXT', 'Unique identifier for the VM'),
    col('key', 'TEXT', 'The tag key'),
    col('value', 'TEXT', 'The tag value'),
  ],
  attributes: { cacheable: true },
  examples: ['select * from azure_instance_tags'],
  generate: (ctx) => genAzureInstanceTags(ctx),
});
