/**
 * The EC2 instance metadata service (IMDS) as osquery's aws_util asks it: an IMDSv2 session token first (PUT
 * /latest/api/token), then GETs with the token, falling back to IMDSv1 unless --aws_disable_imdsv1_fallback.
 * Off EC2 nothing is asked: a host is EC2 when its hypervisor or DMI says so (osquery's isEc2Instance checks the
 * same files). --ec2_metadata_endpoint (an Osprey flag) points at another service, e.g. a loopback fake in tests,
 * and is then asked on any host.
 */
import type { QueryContext } from '../../engine/spec.js';
import { parseBool } from '../../flags/flags.js';
import { readTextIfExists } from '../lib/read.js';
import { httpRequestSync } from '../lib/sync-http.js';

const DEFAULT_ENDPOINT = 'http://169.254.169.254';
const TOKEN_TTL_SECONDS = '21600';
/** osquery's http client timeout for IMDS is 3 s. */
const TIMEOUT_MS = 3000;

export interface Imds {
  /** The body of GET /latest/<suffix>, or null for 404, another status or a failed request. */
  get(suffix: string): string | null;
}

/** A metadata client for this query, or null when this host is not on EC2 and no endpoint was set. */
export function openImds(ctx: QueryContext): Imds | null {
  const configured = ctx.services.flags?.get('ec2_metadata_endpoint') ?? '';
  if (configured === '' && !isEc2Instance()) return null;
  const endpoint = (configured || DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const token = requestToken(ctx, endpoint);
  const v1Allowed = !parseBool(ctx.services.flags?.get('aws_disable_imdsv1_fallback') ?? 'false');
  if (token === null && !v1Allowed) {
    ctx.errors.skip('EC2 metadata: no IMDSv2 token and the IMDSv1 fallback is disabled');
    return null;
  }
  const headers = token === null ? undefined : { 'X-aws-ec2-metadata-token': token };
  return {
    get: (suffix) => {
      try {
        const res = httpRequestSync({ url: `${endpoint}/latest/${suffix}`, headers, timeoutMs: TIMEOUT_MS });
        if (res.status === 200) return res.body;
        if (res.status !== 404) ctx.errors.skip(`EC2 metadata: ${suffix} answered ${res.status}`);
      } catch (err) {
        ctx.errors.skip(`EC2 metadata: request for ${suffix} failed`, err);
      }
      return null;
    },
  };
}

function requestToken(ctx: QueryContext, endpoint: string): string | null {
  const attempts = Math.max(1, Number(ctx.services.flags?.get('aws_imdsv2_request_attempts') ?? 3) || 1);
  for (let i = 0; i < attempts; i++) {
    try {
      const res = httpRequestSync({
        url: `${endpoint}/latest/api/token`,
        method: 'PUT',
        headers: { 'X-aws-ec2-metadata-token-ttl-seconds': TOKEN_TTL_SECONDS },
        timeoutMs: TIMEOUT_MS,
      });
      if (res.status === 200 && res.body !== '') return res.body;
    } catch {
      // An IMDSv1-only service refuses the PUT or drops it; try again, then fall back.
    }
  }
  return null;
}

/** Xen EC2 instances name themselves in /sys/hypervisor/uuid; Nitro ones in the DMI vendor fields. */
export function isEc2Instance(sys = '/sys'): boolean {
  const uuid = readTextIfExists(`${sys}/hypervisor/uuid`)?.trim().toLowerCase() ?? '';
  if (uuid.startsWith('ec2')) return true;
  const vendors = ['board_vendor', 'sys_vendor'].map((f) => readTextIfExists(`${sys}/class/dmi/id/${f}`)?.trim() ?? '');
  return vendors.some((v) => v === 'Amazon EC2');
}

/**
 * A TEXT value: the trailing newline dropped and the lines of a multi-line value (security groups) joined with
 * commas, as osquery's setRowField means to (it erases every newline before joining, so its groups run together).
 */
export function metadataText(body: string | null): string | undefined {
  return body === null ? undefined : body.replace(/\n+$/, '').split('\n').join(',');
}
