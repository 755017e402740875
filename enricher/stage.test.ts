import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { THREAT_TAG } from './intel/match.js';
import { fixtureRow, INVENTORY_FIXTURES, testEnricher } from './test-support/fixtures.js';
import type { EnrichedEventInput } from '../schemas/generated/enriched_event.js';
import type { HostMetadataInput } from '../schemas/generated/host_metadata.js';

const CURL = { path: '/usr/bin/curl', mtime: '1745016454' };
const CURL_SHA256 = 'ab'.repeat(32);

/** The facts a curl exec needs: its parent shell, the user, the binary's hash, the host's inventory. */
function contextRows() {
  return [
    fixtureRow('processes', {
      counter: 0,
      columns: {
        pid: '18501',
        name: 'bash',
        path: '/usr/bin/bash',
        cmdline: '-bash',
        parent: '1',
        start_time: '1795325000',
        uid: '1000',
      },
    }),
    fixtureRow('users'),
    fixtureRow('binary_hashes', {
      id: 'hash-curl',
      columns: { ...CURL, inode: '1', size: '100', md5: '', sha1: '', sha256: CURL_SHA256 },
    }),
    ...INVENTORY_FIXTURES.map((name) => fixtureRow(name)),
  ];
}

function byId(docs: EnrichedEventInput[], id: string): EnrichedEventInput {
  const doc = docs.find((d) => d.id === id);
  assert.ok(doc, `document ${id}`);
  return doc;
}

test('a row that arrives before its context in the same batch is still joined with it', async (t) => {
  const enricher = testEnricher();
  t.after(() => enricher.dispose());
  const exec = fixtureRow('process_events');
  const docs = await enricher.stage.process([exec, ...contextRows()]);
  const doc = byId(docs, exec.id);
  assert.deepEqual(doc.process?.parent, {
    pid: 18501,
    name: 'bash',
    executable: '/usr/bin/bash',
    command_line: '-bash',
  });
  assert.deepEqual(doc.process?.user, { id: '1000', name: 'cloudsdk' });
  assert.equal(doc.process?.hash?.sha256, CURL_SHA256);
  assert.equal(doc.host?.id, '4c4c4544-0042-3510-8052-b4c04f4a3332');
  assert.equal(doc.host?.hostname, 'vm');
  assert.deepEqual(doc.host?.ip, ['10.0.2.15']);
  assert.equal(doc.host?.os?.name, 'Debian GNU/Linux');
  assert.equal(doc.host?.os?.codename, 'bookworm');
  assert.equal(doc.agent?.version, '0.1.0');
  assert.deepEqual(doc.tags, ['prod', 'web']);
  assert.equal(doc.enrichment ?? null, null);
  assert.deepEqual(doc.related, { ip: null, user: ['cloudsdk'], hash: [CURL_SHA256] });
  assert.equal(docs.length, 1 + contextRows().length, 'context rows are events too');
});

test('context from earlier batches joins later rows; listening_ports finds its program through the pid', async (t) => {
  const enricher = testEnricher();
  t.after(() => enricher.dispose());
  await enricher.stage.process(contextRows());
  await enricher.stage.process([
    fixtureRow('processes', {
      id: 'init',
      counter: 0,
      columns: {
        pid: '1',
        name: 'process_api',
        path: '/usr/bin/curl',
        cmdline: '/process_api',
        parent: '0',
        start_time: '1795000000',
        uid: '0',
      },
    }),
  ]);
  const [doc] = await enricher.stage.process([fixtureRow('listening_ports')]);
  assert.ok(doc);
  assert.equal(doc.process?.executable, '/usr/bin/curl');
  assert.equal(doc.process?.hash?.sha256, CURL_SHA256);
  assert.equal(doc.host?.hostname, 'vm');
  assert.equal(doc.enrichment ?? null, null);
});

test('joins use what was true at the event time, and name what they could not find', async (t) => {
  const enricher = testEnricher();
  t.after(() => enricher.dispose());
  await enricher.stage.process(contextRows());
  // The user is deleted before the exec happens, and the parent shell exits before it too.
  await enricher.stage.process([
    fixtureRow('users', { action: 'removed', counter: 5, unixTime: 1795325100 }),
    fixtureRow('processes', {
      action: 'removed',
      counter: 5,
      unixTime: 1795325100,
      columns: { pid: '18501', name: 'bash', path: '/usr/bin/bash', start_time: '1795325000' },
    }),
  ]);
  const [doc] = await enricher.stage.process([
    fixtureRow('process_events', { columns: { ...fixtureRow('process_events').columns, path: '/opt/unknown' } }),
  ]);
  assert.ok(doc);
  assert.deepEqual(doc.enrichment?.missing, ['hash', 'parent', 'user']);
  assert.equal(doc.process?.user?.name, null);
  assert.deepEqual(doc.process?.parent, { pid: 18501 });
  // The same exec at a time the user and the shell still existed is joined.
  const [earlier] = await enricher.stage.process([
    fixtureRow('process_events', {
      id: 'earlier',
      columns: { ...fixtureRow('process_events').columns, time: '1795325050' },
    }),
  ]);
  assert.equal(earlier?.process?.user?.name, 'cloudsdk');
  assert.equal(earlier?.process?.parent?.name, 'bash');
  const joins = await enricher.registry.getSingleMetricAsString('osprey_enricher_joins_total');
  // Hits: the shell's own row (its uid) and the earlier exec; the miss: the exec after the user was deleted.
  assert.match(joins, /join="user",outcome="miss"} 1$/m);
  assert.match(joins, /join="user",outcome="hit"} 2$/m);
});

test('inventory rows build host metadata, published once per change', async (t) => {
  const enricher = testEnricher();
  t.after(() => enricher.dispose());
  await enricher.stage.process(INVENTORY_FIXTURES.map((name) => fixtureRow(name)));
  assert.equal(enricher.published.length, 1, 'one record per host per batch');
  const record = enricher.published[0] as HostMetadataInput;
  assert.equal(record.hostIdentifier, 'vm');
  assert.deepEqual(record.host, {
    id: '4c4c4544-0042-3510-8052-b4c04f4a3332',
    hostname: 'vm',
    name: 'vm',
    architecture: 'x86_64',
    ip: ['10.0.2.15'],
    os: {
      name: 'Debian GNU/Linux',
      version: '12 (bookworm)',
      platform: 'debian',
      family: 'debian',
      codename: 'bookworm',
    },
  });
  assert.deepEqual(record.agent, { id: 'b8e2c7a0-1111-4000-8000-000000000001', version: '0.1.0', type: 'osquery' });
  await enricher.stage.process([fixtureRow('os_version')]);
  assert.equal(enricher.published.length, 1, 'an unchanged row publishes nothing');
  await enricher.stage.process([
    fixtureRow('interface_addresses', { action: 'removed', counter: 3, unixTime: 1795326060 }),
  ]);
  assert.equal(enricher.published.length, 2);
  assert.deepEqual(enricher.published[1]?.host.ip, []);
  assert.ok((enricher.published[1]?.updated ?? 0) > record.updated);
});

test('a row waits for host metadata that arrives from the hosts topic during the wait', async (t) => {
  const enricher = testEnricher({ waitMs: 60_000 });
  t.after(() => enricher.dispose());
  const pending = enricher.stage.process([fixtureRow('processes')]);
  // Another instance's record, as the hosts-topic consumer hands it over.
  setImmediate(() =>
    enricher.hosts.accept({
      hostIdentifier: 'vm',
      updated: 1,
      host: { hostname: 'vm-from-topic' },
      agent: { version: '9' },
      tags: [],
    }),
  );
  const [doc] = await pending;
  assert.equal(doc?.host?.hostname, 'vm-from-topic');
  assert.equal(doc?.agent?.version, '9');
  assert.ok(!doc?.enrichment?.missing?.includes('host'));
});

test('after the bounded wait a row goes out with what is known and says what was missing; the host is not waited for again at once', async (t) => {
  const enricher = testEnricher({ waitMs: 20, rewaitMs: 3_600_000 });
  t.after(() => enricher.dispose());
  const [first] = await enricher.stage.process([
    fixtureRow('processes', { decorations: { host_uuid: 'uuid-from-decorator' } }),
  ]);
  assert.ok(first?.enrichment?.missing?.includes('host'));
  assert.equal(first?.host?.id, 'uuid-from-decorator', 'decorations still attribute the event');
  assert.equal(first?.host?.hostname, 'vm');
  const [second] = await enricher.stage.process([fixtureRow('processes', { id: 'second' })]);
  assert.ok(second?.enrichment?.missing?.includes('host'));
  const waits = await enricher.registry.getSingleMetricAsString('osprey_enricher_metadata_waits_total');
  assert.match(waits, /outcome="timed_out"} 1$/m);
});

test('an unmappable row is dead-lettered with the reason and the rest of the batch goes on', async (t) => {
  const enricher = testEnricher();
  t.after(() => enricher.dispose());
  const bad = fixtureRow('processes', { id: 'bad', hostIdentifier: '' });
  const docs = await enricher.stage.process([bad, fixtureRow('users')]);
  assert.equal(docs.length, 1);
  assert.equal(enricher.deadLettered.length, 1);
  assert.equal(enricher.deadLettered[0]?.event.id, 'bad');
  assert.match(enricher.deadLettered[0]?.reason.message ?? '', /no hostIdentifier/);
  assert.match(await enricher.registry.getSingleMetricAsString('osprey_component_errors_total'), /error_type="map"} 1/);
  // A row that breaks a later step (here: a non-string decoration where the inventory expects text) goes the same way.
  const odd = fixtureRow('system_info', { id: 'odd', decorations: { tags: 5 as never } });
  const more = await enricher.stage.process([odd, fixtureRow('users', { id: 'fine' })]);
  assert.deepEqual(
    more.map((d) => d.id),
    ['fine'],
  );
  assert.equal(enricher.deadLettered[1]?.event.id, 'odd');
});

test('intel matches set threat indicators and a tag', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-intel-stage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'ips.txt'), '93.184.215.14\n');
  writeFileSync(join(dir, 'hashes.txt'), `${CURL_SHA256}\n`);
  const enricher = testEnricher({
    intel: { hashes: [join(dir, 'hashes.txt')], ips: [join(dir, 'ips.txt')], domains: [] },
  });
  t.after(() => enricher.dispose());
  await enricher.stage.process(contextRows());
  const [socket, exec] = await enricher.stage.process([
    fixtureRow('process_open_sockets'),
    fixtureRow('process_events'),
  ]);
  // The socket's pid leads to the exec in the same batch, hence to curl's hash: both the binary and the peer match.
  assert.deepEqual(socket?.threat?.indicators, [
    { type: 'file', value: CURL_SHA256, field: 'process.hash.sha256', list: 'hashes.txt' },
    { type: 'ipv4-addr', value: '93.184.215.14', field: 'destination.ip', list: 'ips.txt' },
  ]);
  assert.ok(socket?.tags?.includes(THREAT_TAG));
  assert.ok(socket?.tags?.includes('prod'), 'host tags are kept');
  assert.deepEqual(socket?.related?.ip, ['10.0.2.15', '93.184.215.14']);
  assert.equal(exec?.threat?.indicators?.[0]?.field, 'process.hash.sha256');
});
