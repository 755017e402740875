/**
 * `osprey run` on the embedded defaults, end to end: a real process opens a real listener and a real loopback
 * connection, a Suricata alert for that connection is shipped with `osprey ship`, and `osprey search` finds the
 * process row, its enriched events and an alert naming the process. Then a second start continues from the first.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { osprey, start } from '../helpers/osprey-cli.js';
import { waitFor } from '../helpers/wait.js';
import { playScenario, searchJson, startPeer } from './scenario.js';

const work = mkdtempSync(join(tmpdir(), 'osprey-e2e-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('npm start finds the process behind an IDS alert, and a restart continues', { timeout: 300_000 }, async () => {
  const dataDir = join(work, 'data');
  const peer = await startPeer();
  const run = start(['run', '--data_dir', dataDir, '--metrics_listen', '127.0.0.1:0']);
  try {
    await playScenario(
      dataDir,
      peer,
      (eve) => {
        const shipped = osprey(['ship', 'suricata', eve, '--data_dir', dataDir]);
        assert.equal(shipped.status, 0, shipped.stderr);
      },
      work,
    );
    assert.match(run.output(), /Osprey is running/);
    assert.match(run.output(), /metrics: +http:\/\/127\.0\.0\.1:\d+\/metrics/);
  } finally {
    peer.child.kill();
    assert.equal(await run.stop(), 0, run.output());
  }
  assert.match(run.output(), /ALERT \[medium\] IDS alert attributed to a host process/);

  const before = searchJson(dataDir, []).length;
  const second = start(['run', '--data_dir', dataDir, '--metrics_listen', '127.0.0.1:0']);
  try {
    // The witness that the second run is up before anything else: the first run may already have logged the peer
    // removed, and a Ctrl-C while the second is still loading its modules would end it by the signal, not a stop.
    await waitFor('the second run to start', () => /Osprey is running/.test(second.output()), {
      timeoutMs: 120_000,
      intervalMs: 100,
      context: second.output,
    });
    // The peer is gone: the second run's differential state knows it was there and logs it removed.
    const removed = async (): Promise<boolean> =>
      searchJson(dataDir, ['--where', `process.pid=${peer.pid}`, '--where', 'osquery.action=removed']).length > 0;
    await waitFor(
      'the second run to log the gone peer removed (continuing the first run’s differential state)',
      removed,
      { timeoutMs: 240_000, intervalMs: 1000 },
    );
  } finally {
    assert.equal(await second.stop(), 0, second.output());
  }
  assert.ok(searchJson(dataDir, []).length >= before);
});
