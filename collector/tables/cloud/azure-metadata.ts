/**
 * The Azure instance metadata service as osquery's azure_util asks it: GET
 * /metadata/instance/compute?api-version=2018-02-01 with `Metadata: true`, 3 s timeout. Off Azure nothing is asked:
 * osquery takes a host with /var/log/waagent.log (the Azure Linux agent's log) as Azure. --azure_metadata_endpoint
 * (an Osprey flag, like --ec2_metadata_endpoint) points at another service, e.g. a loopback fake, on any host.
 */
import { existsSync } from 'node:fs';
import type { QueryContext } from '../../engine/spec.js';
import { httpRequestSync } from '../lib/sync-http.js';

const DEFAULT_ENDPOINT = 'http://169.254.169.254';
const COMPUTE_PATH = '/metadata/instance/compute?api-version=2018-02-01';
const TIMEOUT_MS = 3000;
const AZURE_AGENT_LOG = '/var/log/waagent.log';

/** The compute document, or null off Azure or when the service does not answer 200 with JSON. */
export function fetchAzureCompute(ctx: QueryContext, agentLog = AZURE_AGENT_LOG): Record<string, unknown> | null {
  const configured = ctx.services.flags?.get('azure_metadata_endpoint') ?? '';
  if (configured === '' && !existsSync(agentLog)) return null;
  const endpoint = (configured || DEFAULT_ENDPOINT).replace(/\/+$/, '');
  try {
    const res = httpRequestSync({
      url: `${endpoint}${COMPUTE_PATH}`,
      headers: { Metadata: 'true' },
      timeoutMs: TIMEOUT_MS,
    });
    if (res.status !== 200) {
      ctx.errors.skip(`Azure metadata: the service answered ${res.status}`);
      return null;
    }
    const doc = JSON.parse(res.body) as unknown;
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
  } catch (err) {
    ctx.errors.skip('Azure metadata: request failed', err);
    return null;
  }
}

/** ptree's get<std::string>(key, ""): a string or number as text, anything else ''. */
export function textOf(doc: Record<string, unknown>, key: string): string {
  const value = doc[key];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
