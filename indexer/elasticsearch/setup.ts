/**
 * `osprey es-setup`: installs what the data streams need (ILM policy, component templates with the ECS and
 * osquery.* mappings, one index template per stream) from deploy/elasticsearch/, and, given a Kibana URL, imports
 * deploy/kibana/osprey-saved-objects.ndjson through Kibana's saved objects API. Idempotent: run it on every upgrade.
 */
import type { Client } from '@elastic/elasticsearch';
import { readFileSync } from 'node:fs';
import { OspreyError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { fromRoot } from '../../common/paths.js';

export const STREAM_KINDS = ['result', 'network', 'alert'] as const;

function deployJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(fromRoot('deploy/elasticsearch', name), 'utf8')) as Record<string, unknown>;
}

/** How many items installTemplates installs (the ILM policy, two component templates, an index template per stream). */
export const TEMPLATE_COUNT = 3 + STREAM_KINDS.length;

/** `onInstalled` hears each item as it is installed (es-setup's progress display). */
export async function installTemplates(
  client: Client,
  log: Logger,
  onInstalled?: (item: string) => void,
): Promise<string[]> {
  const done: string[] = [];
  const installed = (item: string): void => {
    done.push(item);
    onInstalled?.(item);
  };
  const ilm = deployJson('ilm-policy-osprey.json') as { policy: Record<string, unknown> };
  await client.ilm.putLifecycle({ name: 'osprey', policy: ilm.policy as never });
  installed('ilm policy osprey');
  for (const part of ['mappings', 'settings']) {
    const body = deployJson(`component-template-osprey-${part}.json`);
    await client.cluster.putComponentTemplate({
      name: `osprey@${part}`,
      ...(body as Record<string, unknown>),
    } as never);
    installed(`component template osprey@${part}`);
  }
  for (const kind of STREAM_KINDS) {
    const body = deployJson(`index-template-osprey-${kind}.json`);
    await client.indices.putIndexTemplate({ name: `osprey-${kind}`, ...(body as Record<string, unknown>) } as never);
    installed(`index template osprey-${kind}`);
  }
  log.info({ installed: done }, 'Elasticsearch templates installed.');
  return done;
}

export interface KibanaTarget {
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** Kibana space; default space when absent. */
  space?: string;
}

/** Imports the dashboards with overwrite, so a re-run updates them. Returns the number of objects imported. */
export async function importKibanaObjects(target: KibanaTarget, log: Logger): Promise<number> {
  const ndjson = readFileSync(fromRoot('deploy/kibana/osprey-saved-objects.ndjson'));
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), 'osprey-saved-objects.ndjson');
  const base = target.url.replace(/\/$/, '') + (target.space ? `/s/${encodeURIComponent(target.space)}` : '');
  const headers: Record<string, string> = { 'kbn-xsrf': 'osprey' };
  if (target.apiKey) headers.authorization = `ApiKey ${target.apiKey}`;
  else if (target.username) {
    headers.authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
  }
  const response = await fetch(`${base}/api/saved_objects/_import?overwrite=true`, {
    method: 'POST',
    headers,
    body: form,
  });
  const body = (await response.json().catch(() => ({}))) as {
    success?: boolean;
    successCount?: number;
    errors?: unknown;
  };
  if (!response.ok || body.success === false) {
    throw new OspreyError(
      'SINK_REJECTED',
      `Kibana refused the saved objects (${response.status}): ${JSON.stringify(body.errors ?? body)}`,
      {
        retriable: response.status >= 500,
      },
    );
  }
  log.info({ count: body.successCount }, 'Kibana saved objects imported.');
  return body.successCount ?? 0;
}
