/** `azure_instance_metadata`: one row from the compute document, as osquery's genAzureMetadata; off Azure, none. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { fetchAzureCompute, textOf } from './azure-metadata.js';

/** Column → key in the compute document. */
const KEYS: Record<string, string> = {
  location: 'location',
  name: 'name',
  offer: 'offer',
  publisher: 'publisher',
  sku: 'sku',
  version: 'version',
  os_type: 'osType',
  platform_update_domain: 'platformUpdateDomain',
  platform_fault_domain: 'platformFaultDomain',
  vm_id: 'vmId',
  vm_size: 'vmSize',
  subscription_id: 'subscriptionId',
  resource_group_name: 'resourceGroupName',
  placement_group_id: 'placementGroupId',
  vm_scale_set_name: 'vmScaleSetName',
  zone: 'zone',
};

export function genAzureInstanceMetadata(ctx: QueryContext): Row[] {
  const doc = fetchAzureCompute(ctx);
  if (doc === null) return [];
  return [Object.fromEntries(Object.entries(KEYS).map(([column, key]) => [column, textOf(doc, key)]))];
}
