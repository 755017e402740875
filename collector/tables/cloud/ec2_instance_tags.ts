/**
 * `ec2_instance_tags`: this instance's tags. osquery asks the EC2 API (DescribeTags, with AWS credentials); Osprey
 * reads them from the metadata service (meta-data/tags/instance, available when the instance allows tags in its
 * metadata), which needs no credentials. Without that option, or off EC2: no rows.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { metadataText, openImds } from './ec2-metadata.js';

export function genEc2InstanceTags(ctx: QueryContext): Row[] {
  const imds = openImds(ctx);
  if (imds === null) return [];
  const keys = imds.get('meta-data/tags/instance');
  if (keys === null) return [];
  const instanceId = metadataText(imds.get('meta-data/instance-id'));
  return keys
    .split('\n')
    .filter((key) => key !== '')
    .map((key) => ({
      instance_id: instanceId,
      key,
      value: imds.get(`meta-data/tags/instance/${encodeURIComponent(key)}`) ?? '',
    }));
}
