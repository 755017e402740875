import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { fromRoot } from '../../common/paths.js';
import { startFakeElasticsearch } from '../../test/helpers/fake-elasticsearch.js';
import { createClient } from './client.js';
import { importKibanaObjects, installTemplates } from './setup.js';

type Mapping = { type?: string; properties?: Record<string, Mapping> };

function flatten(props: Record<string, Mapping>, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [name, m] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (m.properties) flatten(m.properties, path, out);
    if (m.type && m.type !== 'object') out.set(path, m.type);
  }
  return out;
}

const mappings = JSON.parse(
  readFileSync(fromRoot('deploy/elasticsearch/component-template-osprey-mappings.json'), 'utf8'),
);
const fields = flatten(mappings.template.mappings.properties);
const ecs = JSON.parse(readFileSync(fromRoot('indexer/fixtures/ecs-field-types.json'), 'utf8')).fields as Record<
  string,
  string
>;

test('every ECS field in the templates has the type ECS gives it', () => {
  let checked = 0;
  for (const [path, type] of fields) {
    if (!(path in ecs)) continue;
    assert.equal(type, ecs[path], `${path} is ${type} in the template but ${ecs[path]} in ECS`);
    checked++;
  }
  assert.ok(checked >= 80, `checked ${checked} ECS fields`);
  for (const core of [
    '@timestamp',
    'host.ip',
    'process.pid',
    'source.ip',
    'destination.port',
    'network.community_id',
  ]) {
    assert.ok(fields.has(core), `${core} is mapped`);
  }
  assert.equal(
    fields.get('osquery.columns'),
    'flattened',
    'raw osquery columns stay searchable without mapping explosions',
  );
});

test('index templates cover the three data streams with a priority above the built-in logs template', () => {
  for (const kind of ['result', 'network', 'alert']) {
    const t = JSON.parse(readFileSync(fromRoot(`deploy/elasticsearch/index-template-osprey-${kind}.json`), 'utf8'));
    assert.deepEqual(t.index_patterns, [`logs-osprey.${kind}-*`]);
    assert.ok(t.priority > 100, 'logs-*-* is priority 100');
    assert.deepEqual(t.data_stream, {});
    assert.deepEqual(t.composed_of, ['osprey@mappings', 'osprey@settings']);
  }
});

test('Kibana saved objects parse, references resolve, and every field a panel uses is mapped', () => {
  const lines = readFileSync(fromRoot('deploy/kibana/osprey-saved-objects.ndjson'), 'utf8').trim().split('\n');
  const objects = lines.map(
    (l) =>
      JSON.parse(l) as {
        type: string;
        id: string;
        attributes: Record<string, string>;
        references: Array<{ id: string }>;
      },
  );
  const ids = new Set(objects.map((o) => o.id));
  const dashboards = objects.filter((o) => o.type === 'dashboard').map((o) => o.attributes.title);
  assert.deepEqual(dashboards.sort(), [
    'Osprey: alerts',
    'Osprey: fleet and agent health',
    'Osprey: processes and network per host',
  ]);
  for (const o of objects) {
    for (const r of o.references) assert.ok(ids.has(r.id), `${o.id} references missing ${r.id}`);
    const used: string[] = [];
    if (o.type === 'visualization') {
      const vis = JSON.parse(o.attributes.visState ?? '{}') as { aggs: Array<{ params: { field?: string } }> };
      for (const agg of vis.aggs) if (agg.params.field) used.push(agg.params.field);
    }
    if (o.type === 'search') used.push(...(o.attributes as unknown as { columns: string[] }).columns);
    for (const field of used) assert.ok(fields.has(field), `${o.id} uses unmapped field ${field}`);
  }
  assert.ok(readdirSync(fromRoot('deploy/kibana')).length >= 1);
});

test('es-setup installs policy, component and index templates, and imports the dashboards', async () => {
  const es = await startFakeElasticsearch();
  try {
    const done = await installTemplates(createClient({ node: es.url }), silentLogger());
    assert.equal(done.length, 6);
    const paths = es.requests.map((r) => `${r.method} ${decodeURIComponent(r.path.split('?')[0] ?? '')}`);
    for (const expected of [
      'PUT /_ilm/policy/osprey',
      'PUT /_component_template/osprey@mappings',
      'PUT /_component_template/osprey@settings',
      'PUT /_index_template/osprey-result',
      'PUT /_index_template/osprey-network',
      'PUT /_index_template/osprey-alert',
    ]) {
      assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`);
    }
    const template = es.requests.find((r) => r.path.startsWith('/_index_template/osprey-alert'));
    assert.deepEqual(JSON.parse(template?.body ?? '{}').index_patterns, ['logs-osprey.alert-*']);

    const count = await importKibanaObjects({ url: es.url, apiKey: 'secret-key', space: 'soc' }, silentLogger());
    assert.equal(count, 0, 'the fake answers like Kibana without a successCount');
    const imported = es.requests.find((r) => r.path.startsWith('/s/soc/api/saved_objects/_import'));
    assert.ok(imported, 'import goes to the space');
    assert.equal(imported?.headers['kbn-xsrf'], 'osprey');
    assert.equal(imported?.headers.authorization, 'ApiKey secret-key');
    assert.match(imported?.body ?? '', /Osprey: alerts/);
    assert.match(String(imported?.headers['content-type']), /multipart\/form-data/);
  } finally {
    await es.close();
  }
});
