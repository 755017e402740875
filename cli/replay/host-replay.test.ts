/**
 * End to end: Sysmon for Linux events from a real compromised host (fixtures/PROVENANCE.md) and a Zeek conn log of
 * the same two downloads replayed together; the flows come out attributed to curl, the process Sysmon saw open
 * them, and are stored so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import { silentLogger } from '../../common/logger.js';
import { DocumentStore } from '../../indexer/store/store.js';
import { search } from '../../indexer/store/search.js';
import { runReplay } from './replay.js';
import { loadRecords } from './stream.js';

const fixture = (name: string): string => fromRoot('cli/replay/fixtures', name);

test('Sysmon network events attribute the matching Zeek flows to curl; a flow Sysmon did not see stays unattributed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-host-replay-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const loaded = await loadRecords(
    [fixture('sysmon-ore-conn.log'), fixture('sysmon-ore-syslog.log'), fixture('auditd-samples.log')],
    'replay',
  );
  assert.deepEqual(loaded.malformed, []);
  const storeDir = join(dir, 'store');
  const outcome = await runReplay({ records: loaded.records, storeDir, log: silentLogger() });
  assert.equal(outcome.hostRowsRejected, 0);
  assert.deepEqual(outcome.flows.map((f) => [f.srcPort, f.dstIp, f.process]).sort(), [
    [42234, '44.204.18.94', true],
    [42246, '44.204.18.94', true],
    [51000, '172.31.0.2', false],
  ]);
  const store = new DocumentStore({ dir: storeDir });
  t.after(() => store.close());
  const stored = search(store, {
    stream: 'network',
    fields: [{ path: 'destination.ip', op: '=', value: '44.204.18.94' }],
    limit: 10,
  });
  assert.equal(stored.length, 2);
  for (const doc of stored) {
    const process = doc.body.process as { pid?: number; executable?: string } | undefined;
    assert.equal(process?.pid, 4005);
    assert.equal(process?.executable, '/usr/bin/curl');
  }
});
