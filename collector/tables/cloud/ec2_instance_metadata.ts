/**
 * `ec2_instance_metadata`: one row describing this EC2 instance, from the same IMDS documents osquery's
 * genEc2Metadata reads (the instance identity document, iam/info and single values). Off EC2: no rows (osquery
 * returns a row of empty values there after its requests time out).
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { metadataText, openImds, type Imds } from './ec2-metadata.js';

/** Columns filled from the instance identity document, by its JSON keys. */
const IDENTITY_KEYS: Record<string, string> = {
  instance_id: 'instanceId',
  instance_type: 'instanceType',
  local_ipv4: 'privateIp',
  availability_zone: 'availabilityZone',
  region: 'region',
  account_id: 'accountId',
  architecture: 'architecture',
  ami_id: 'imageId',
};

/** Columns that are one metadata value each. */
const SIMPLE_PATHS: Record<string, string> = {
  mac: 'meta-data/mac',
  local_hostname: 'meta-data/local-hostname',
  ssh_public_key: 'meta-data/public-keys/0/openssh-key',
  reservation_id: 'meta-data/reservation-id',
  security_groups: 'meta-data/security-groups',
};

export function genEc2InstanceMetadata(ctx: QueryContext): Row[] {
  const imds = openImds(ctx);
  if (imds === null) return [];
  const row: Row = {
    ...jsonFields(ctx, imds, 'dynamic/instance-identity/document', IDENTITY_KEYS),
    ...jsonFields(ctx, imds, 'meta-data/iam/info', { iam_arn: 'InstanceProfileArn' }),
  };
  for (const [column, path] of Object.entries(SIMPLE_PATHS)) row[column] = metadataText(imds.get(path));
  return [row];
}

function jsonFields(ctx: QueryContext, imds: Imds, suffix: string, keys: Record<string, string>): Row {
  const body = imds.get(suffix);
  if (body === null) return {};
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(body) as Record<string, unknown>;
  } catch (err) {
    ctx.errors.skip(`EC2 metadata: ${suffix} is not JSON`, err);
    return {};
  }
  const row: Row = {};
  for (const [column, key] of Object.entries(keys)) {
    const value = doc[key];
    row[column] = typeof value === 'string' ? metadataText(value) : '';
  }
  return row;
}
