/**
 * `ycloud_instance_metadata`, as osquery's genYCloudMetadata: for each `metadata_endpoint = …` value (else the
 * default endpoint) GET /computeMetadata/v1/instance/?alt=json&recursive=true with `Metadata-Flavor: Google`, one
 * row per endpoint that answers. The folder id comes from `vendor.folderId`, else from a zone of the form
 * `projects/<folder>/zones/<zone>`; the zone is its last segment. The default endpoint is asked only on Yandex.Cloud
 * (DMI vendor "Yandex") or when --ycloud_metadata_endpoint names one, so other hosts send nothing.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';
import { httpRequestSync } from '../lib/sync-http.js';
import { textOf } from './azure-metadata.js';

const DEFAULT_ENDPOINT = 'http://169.254.169.254';
const METADATA_PATH = '/computeMetadata/v1/instance/?alt=json&recursive=true';
const TIMEOUT_MS = 3000;

export function genYCloudInstanceMetadata(ctx: QueryContext): Row[] {
  const rows: Row[] = [];
  for (const endpoint of endpointsFor(ctx)) {
    const doc = fetchDocument(ctx, endpoint);
    if (doc === null) continue;
    const attributes = objectAt(doc, 'attributes');
    const vendor = objectAt(doc, 'vendor');
    const zoneField = textOf(doc, 'zone');
    const zoneParts = zoneField.split('/').filter(Boolean);
    rows.push({
      instance_id: stringAt(doc, 'id'),
      folder_id:
        stringAt(vendor, 'folderId') ||
        (zoneField.startsWith('projects/') && zoneParts.length >= 4 ? zoneParts[1] : ''),
      cloud_id: stringAt(vendor, 'cloudId'),
      name: stringAt(doc, 'name'),
      description: stringAt(doc, 'description'),
      hostname: stringAt(doc, 'hostname'),
      zone: zoneParts[zoneParts.length - 1] ?? '',
      ssh_public_key: stringAt(attributes, 'ssh-keys'),
      serial_port_enabled: stringAt(attributes, 'serial-port-enable'),
      metadata_endpoint: endpoint,
    });
  }
  return rows;
}

function endpointsFor(ctx: QueryContext): string[] {
  const asked = ctx.equals('metadata_endpoint').map(String);
  if (asked.length > 0) return [...new Set(asked)];
  const configured = ctx.services.flags?.get('ycloud_metadata_endpoint') ?? '';
  if (configured !== '') return [configured];
  return isYCloudInstance() ? [DEFAULT_ENDPOINT] : [];
}

/** Yandex.Cloud VMs name Yandex in their DMI vendor fields. */
export function isYCloudInstance(sys = '/sys'): boolean {
  return ['sys_vendor', 'bios_vendor'].some((f) => /yandex/i.test(readTextIfExists(`${sys}/class/dmi/id/${f}`) ?? ''));
}

function fetchDocument(ctx: QueryContext, endpoint: string): Record<string, unknown> | null {
  try {
    const res = httpRequestSync({
      url: `${endpoint.replace(/\/+$/, '')}${METADATA_PATH}`,
      headers: { 'Metadata-Flavor': 'Google' },
      timeoutMs: TIMEOUT_MS,
    });
    if (res.status !== 200) {
      ctx.errors.skip(`Yandex.Cloud metadata: ${endpoint} answered ${res.status}`);
      return null;
    }
    const doc = JSON.parse(res.body) as unknown;
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
  } catch (err) {
    ctx.errors.skip(`Yandex.Cloud metadata: request to ${endpoint} failed`, err);
    return null;
  }
}

function objectAt(doc: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = doc[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** osquery's getYCloudKey: the member when it is a string, else ''. */
function stringAt(doc: Record<string, unknown>, key: string): string {
  const value = doc[key];
  return typeof value === 'string' ? value : '';
}
