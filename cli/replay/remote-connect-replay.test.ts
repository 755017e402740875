/**
 * End to end, through the `osprey replay` command: a real audit log whose only network event is `nc msdn.com 443`
 * connecting to 191.239.213.197:443 (fixtures/PROVENANCE.md; an audit connect names only the remote end) and a Zeek
 * conn log of that host's flows. The flow to that end at the time of the call is attributed to nc by the remote end
 * alone, at low confidence; the same end a minute later, and the DNS lookup before it, stay unattributed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import { DocumentStore } from '../../indexer/store/store.js';
import { search } from '../../indexer/store/search.js';

const fixture = (name: string): string => fromRoot('cli/replay/fixtures', name);

interface StoredFlow {
  process?: { pid?: number; executable?: string };
  source?: { port?: number };
  tags?: string[];
}

test('osprey replay: an audit connect attributes the flow to its remote end to the calling process (pid, exe)', (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'osprey-remote-connect-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = fromRoot('dist/cli/osprey.js');
  const run = spawnSync(
    process.execPath,
    [cli, 'replay', fixture('auditd-samples.log'), fixture('audit-nc-conn.log'), '--quiet'],
    { env: { ...process.env, OSPREY_DATA_DIR: dataDir }, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout) as { flows: number; flowsAttributedToProcess: number; malformed: number };
  assert.deepEqual([summary.flows, summary.flowsAttributedToProcess, summary.malformed], [3, 1, 0]);
  const store = new DocumentStore({ dir: join(dataDir, 'store') });
  t.after(() => store.close());
  const flows = search(store, {
    stream: 'network',
    fields: [{ path: 'destination.ip', op: '=', value: '191.239.213.197' }],
    limit: 10,
  }).map((doc) => doc.body as StoredFlow);
  assert.equal(flows.length, 2);
  const attributed = flows.find((f) => f.source?.port === 43882);
  assert.equal(attributed?.process?.pid, 29036);
  assert.equal(attributed?.process?.executable, '/bin/nc.openbsd');
  assert.ok(attributed?.tags?.includes('attributed_by:remote_endpoint'), String(attributed?.tags));
  assert.ok(attributed?.tags?.includes('attribution_confidence:low'), String(attributed?.tags));
  const minuteLater = flows.find((f) => f.source?.port === 43890);
  assert.equal(minuteLater?.process?.pid, undefined, 'a minute after the call is outside the window');
});
