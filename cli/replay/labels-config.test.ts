/**
 * Stratosphere labels.config (stratosphereips/netflowlabeler's rule files, fixtures/PROVENANCE.md) applied to the
 * replayed flows: the README's example and an older numbered file parse; last match wins; CIDR, numeric and
 * negated conditions; unknown fields refused with file:line; the command scores a replay with one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import { labelOf, parseLabelsConfig } from './labels-config.js';
import { loadLabels } from './labels.js';
import { loadRecords } from './stream.js';

const fixture = (name: string): string => fromRoot('cli/replay/fixtures', name);
const CONN = fixture('netflowlabeler-conn.tab.log');

async function flows(): Promise<NetworkEventInput[]> {
  return (await loadRecords([CONN], 'replay')).records.flatMap((r) =>
    r.input.kind === 'network' ? [r.input.value] : [],
  );
}

/** The conn.log rows as netflowlabeler sees them, read straight from the TSV (not through Osprey's parser). */
function tsvRows(): Record<string, string>[] {
  const text = readFileSync(CONN, 'utf8').split('\n');
  const fields = (text.find((l) => l.startsWith('#fields')) ?? '').split('\t').slice(1);
  return text
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => Object.fromEntries(l.split('\t').map((v, i) => [fields[i] ?? '', v])));
}

test("the README's example labels.config and an older numbered one parse into labels and OR-of-AND conditions", () => {
  const readme = parseLabelsConfig('readme', readFileSync(fixture('netflowlabeler-readme-labels.config'), 'utf8'));
  assert.deepEqual(
    readme.map((r) => [r.generic, r.detailed, r.alternatives.map((a) => a.length)]),
    [
      ['Background', null, [1]],
      ['Background', 'ARP', [1]],
      ['Malicious', 'From_Malware', [1]],
      ['Malicious-More', 'From_Other_Malware', [2]],
      ['Malicious-HEre', 'From_This_Malware', [2]],
      ['Malicious', 'From_Local_Link_IPv6', [1]],
      ['Test-State', null, [2]],
      ['Test-largebytes', null, [1]],
      ['Test-smallbytes', null, [1]],
      ['Benign', 'FromWindows', [3, 3]],
    ],
  );
  const old = parseLabelsConfig('old', readFileSync(fixture('netflowlabeler-old-labels.config'), 'utf8'));
  assert.deepEqual(
    old.map((r) => [r.generic, r.alternatives.length]),
    [
      ['Background', 1],
      ['Normal', 2],
      ['Botnet-DGA', 2],
      ['Botnet-CC', 2],
    ],
  );
});

test("the README's rules on its example conn.log: each later match overwrites the earlier one", async () => {
  const rules = parseLabelsConfig('readme', readFileSync(fixture('netflowlabeler-readme-labels.config'), 'utf8'));
  const byUid = new Map((await flows()).map((f) => [f.zeek_uid ?? '', f]));
  const label = (uid: string): string | undefined => {
    const flow = byUid.get(uid);
    assert.ok(flow, uid);
    return labelOf(rules, flow)?.generic;
  };
  assert.equal(label('CFA2c43lsoIjrvaurg'), 'Test-smallbytes'); // DNS, 34 + 50 bytes
  assert.equal(label('CxDPs71IU4SEnVEjM3'), 'Test-largebytes'); // fe80::… is Malicious first, then 588 bytes
  assert.equal(label('CTXTq947RkciXQljGf'), 'Test-smallbytes'); // fe80::…, 40 bytes
  assert.equal(label('CtQjy42V2Sc6pX6qf8'), 'Background'); // no byte counts: only `srcIP=all`
});

test('CIDR, state, numeric and negated conditions label the flows the TSV rows say they should', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-labels-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'labels.config');
  // Written for this test, in the README's syntax.
  writeFileSync(
    config,
    [
      'Background:',
      '    - srcIP=all',
      'Malicious, CC:',
      '    - dstIP=87.236.215.0/24 & State=SF   # the HTTP C&C',
      '    - Proto=TCP & State=S0 & dstPort=80',
      'Benign, LongTransfer:',
      '    - dstIP=87.236.215.105 & Duration>1.2',
      'Botnet-DNS:',
      '    - Proto=UDP & dstPort=53 & dstIP!=8.8.4.4',
    ].join('\n'),
  );
  const expected = tsvRows().filter((r) => {
    const toCc = r['id.resp_h'] === '87.236.215.105';
    const cc =
      (toCc && r.conn_state === 'SF') || (r.proto === 'tcp' && r.conn_state === 'S0' && r['id.resp_p'] === '80');
    const benign = toCc && Number(r.duration) > 1.2;
    const dns = r.proto === 'udp' && r['id.resp_p'] === '53' && r['id.resp_h'] !== '8.8.4.4';
    return dns || (cc && !benign);
  });
  const labels = loadLabels(config, await flows());
  assert.ok(expected.length > 10);
  assert.equal(labels.flowKeys.size, expected.length);
  // Through the command: the quality report counts the same flows malicious.
  const run = spawnSync(
    process.execPath,
    [fromRoot('dist/cli/osprey.js'), 'replay', CONN, '--labels', config, '--json', '--quiet'],
    { env: { ...process.env, OSPREY_DATA_DIR: dir }, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { quality: { maliciousFlows: number; maliciousHosts: string[] } };
  assert.equal(report.quality.maliciousFlows, expected.length);
  assert.deepEqual(report.quality.maliciousHosts, ['10.0.2.106']);
});

test('a field Osprey flows do not carry, or a condition before any label, is refused with file:line', () => {
  assert.throws(() => parseLabelsConfig('f', 'Malicious:\n  - Tos=0\n'), /f:2: field Tos/);
  assert.throws(() => parseLabelsConfig('f', '# c\n  - srcIP=all\n'), /f:2: a condition before any label/);
});
