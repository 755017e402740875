/** osquery's `azure_instance_metadata` table (spec specs/azure_instance_metadata.table, implementation cloud/azure_metadata@genAzureMetadata). */
import { col, defineTable } from '../../engine/spec.js';
import { genAzureInstanceMetadata } from './azure_instance_metadata.js';

export default defineTable({
  name: 'azure_instance_metadata',
  description: 'Azure instance metadata.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('location', 'TEXT', 'Azure Region the VM is running in'),
    col('name', 'TEXT', 'Name of the VM'),
    col('offer', 'TEXT', 'Offer information for the VM image (Azure image gallery VMs only)'),
    col('publisher', 'TEXT', 'Publisher of the VM image'),
    col('sku', 'TEXT', 'SKU for the VM image'),
    col('version', 'TEXT', 'Version of the VM image'),
    col('os_type', 'TEXT', 'Linux or Windows'),
    col('platform_update_domain', 'TEXT', 'Update domain the VM is running in'),
    col('platform_fault_domain', 'TEXT', 'Fault domain the VM is running in'),
    col('vm_id', 'TEXT', 'Unique identifier for the VM', { index: true }),
    col('vm_size', 'TEXT', 'VM size'),
    col('subscription_id', 'TEXT', 'Azure subscription for the VM'),
    col('resource_group_name', 'TEXT', 'Resource group for the VM'),
    col('placement_group_id', 'TEXT', 'Placement group for the VM scale set'),
    col('vm_scale_set_name', 'TEXT', 'VM scale set name'),
    col('zone', 'TEXT', 'Availability zone of the VM'),
  ],
  attributes: { cacheable: true },
  examples: ['select * from azure_instance_metadata'],
  generate: (ctx) => genAzureInstanceMetadata(ctx),
});
