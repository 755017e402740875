/**
 * `azure_instance_tags`: the compute document's `tags` text (`key1:value1;key2:value2`) split at `;` and at each
 * tag's first `:`, as osquery's genAzureTags; a piece without a colon is skipped.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { fetchAzureCompute, textOf } from './azure-metadata.js';

export function genAzureInstanceTags(ctx: QueryContext): Row[] {
  const doc = fetchAzureCompute(ctx);
  if (doc === null) return [];
  const vmId = textOf(doc, 'vmId');
  return textOf(doc, 'tags')
    .split(';')
    .filter((tag) => tag.includes(':'))
    .map((tag) => ({ vm_id: vmId, key: tag.slice(0, tag.indexOf(':')), value: tag.slice(tag.indexOf(':') + 1) }));
}
