import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { IntelLists } from './intel-lists.js';
import { matchIntel } from './match.js';

const BAD_SHA256 = '25c34e130c601c5610c131710ce7fca96248d6e56bf99e39a3c74072a98db158';

function setup(t: { after(fn: () => void): void }): {
  dir: string;
  files: { hashes: string; ips: string; domains: string };
} {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-intel-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files = {
    hashes: join(dir, 'bad-hashes.txt'),
    ips: join(dir, 'bad-ips.txt'),
    domains: join(dir, 'bad-domains.txt'),
  };
  writeFileSync(files.hashes, `# bad binaries\n${BAD_SHA256.toUpperCase()}  # upper case is fine\nnot-a-hash\n`);
  writeFileSync(files.ips, '203.0.113.7\n2001:DB8::1\n999.1.1.1\n');
  writeFileSync(files.domains, '# c2\nevil.example\n');
  return { dir, files };
}

/** The watcher and poll timer are unref'd (they must not keep a stopping enricher alive); the test must wait. */
function keepAliveUntilDone(t: { after(fn: () => void): void }): void {
  const timer = setInterval(() => undefined, 1000);
  t.after(() => clearInterval(timer));
}

function doc(overrides: Partial<EnrichedEventInput>): EnrichedEventInput {
  return {
    id: 'x',
    timestamp: 0,
    event: {
      kind: 'event',
      category: [],
      type: [],
      action: null,
      dataset: 'osquery.x',
      module: 'osquery',
      created: null,
      ingested: null,
    },
    ...overrides,
  };
}

test('hashes, IPs and domains (and subdomains) in the lists become threat indicators', (t) => {
  const { files } = setup(t);
  const lists = new IntelLists({ hashes: [files.hashes], ips: [files.ips], domains: [files.domains] }, silentLogger());
  t.after(() => lists.close());
  assert.equal(lists.size, 4, 'the invalid lines are skipped');
  const hits = matchIntel(
    doc({
      process: { hash: { sha256: BAD_SHA256 } },
      source: { ip: '203.0.113.7' },
      destination: { ip: '2001:db8::1', domain: 'cdn.EVIL.example.' },
    }),
    lists,
  );
  assert.deepEqual(hits, [
    { type: 'file', value: BAD_SHA256, field: 'process.hash.sha256', list: 'bad-hashes.txt' },
    { type: 'ipv4-addr', value: '203.0.113.7', field: 'source.ip', list: 'bad-ips.txt' },
    { type: 'ipv6-addr', value: '2001:db8::1', field: 'destination.ip', list: 'bad-ips.txt' },
    { type: 'domain-name', value: 'cdn.EVIL.example.', field: 'destination.domain', list: 'bad-domains.txt' },
  ]);
  assert.deepEqual(matchIntel(doc({ destination: { ip: '198.51.100.1', domain: 'example' } }), lists), []);
});

test('a list rewritten in place or replaced by rename is reloaded without a restart', async (t) => {
  const { dir, files } = setup(t);
  const lists = new IntelLists({ hashes: [files.hashes], ips: [files.ips], domains: [files.domains] }, silentLogger());
  t.after(() => lists.close());
  lists.watch(200);
  keepAliveUntilDone(t);
  assert.equal(lists.lookup('ips', '198.51.100.9'), null);

  const reloaded = once(lists, 'reloaded');
  writeFileSync(files.ips, '198.51.100.9\n');
  assert.deepEqual(await reloaded, [files.ips]);
  assert.equal(lists.lookup('ips', '198.51.100.9'), 'bad-ips.txt');
  assert.equal(lists.lookup('ips', '203.0.113.7'), null);

  const replaced = once(lists, 'reloaded');
  const staging = join(dir, '.domains.new');
  writeFileSync(staging, 'other.example\n');
  renameSync(staging, files.domains);
  assert.deepEqual(await replaced, [files.domains]);
  assert.equal(lists.lookup('domains', 'other.example'), 'bad-domains.txt');
  assert.equal(lists.lookup('domains', 'evil.example'), null);
});

test('a missing list is empty until it appears', async (t) => {
  const { dir } = setup(t);
  const path = join(dir, 'later.txt');
  const lists = new IntelLists({ hashes: [], ips: [path], domains: [] }, silentLogger());
  t.after(() => lists.close());
  assert.equal(lists.size, 0);
  lists.watch(200);
  keepAliveUntilDone(t);
  const reloaded = once(lists, 'reloaded');
  writeFileSync(path, '192.0.2.1\n');
  await reloaded;
  assert.equal(lists.lookup('ips', '192.0.2.1'), 'later.txt');
});
