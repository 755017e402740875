/**
 * The HTML report: written 0600 by `osprey replay --labels F --html out`, self-contained (no scripts, nothing
 * fetched), with a timeline lane per host and per rule whose counts are the quality report's own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import { silentLogger } from '../../common/logger.js';
import { escapeHtml, htmlReport } from './html.js';
import { loadLabels } from './labels.js';
import { qualityReport } from './quality.js';
import { runReplay } from './replay.js';
import { loadRecords } from './stream.js';

const CONN = fromRoot('sensors/parsers/fixtures/vertical-conn.log');
const LABELS = fromRoot('cli/replay/fixtures/vertical.labels.json');

/** Every `<g class="lane" …>` of one SVG, by lane name, with its counts. */
function lanes(html: string, svgId: string): Map<string, Record<string, number>> {
  const svg = new RegExp(`<svg id="${svgId}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';
  const out = new Map<string, Record<string, number>>();
  for (const m of svg.matchAll(
    /<g class="lane" data-name="([^"]*)" data-malicious="(\d+)" data-tp="(\d+)" data-fp="(\d+)">/g,
  ))
    out.set(m[1] ?? '', { malicious: Number(m[2]), tp: Number(m[3]), fp: Number(m[4]) });
  return out;
}

function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /url\(|@import|<link|<img|<iframe/i);
}

test('the timeline has a lane per host and per rule, with the counts the quality report gives', async () => {
  const loaded = await loadRecords([CONN], 'replay');
  const outcome = await runReplay({ records: loaded.records, storeDir: null, log: silentLogger() });
  const labels = loadLabels(LABELS);
  const quality = qualityReport(outcome.flows, outcome.alerts, labels);
  const html = htmlReport({ title: 'vertical <scan>', flows: outcome.flows, alerts: outcome.alerts, labels, quality });
  assertSelfContained(html);
  assert.match(html, /<title>vertical &#60;scan&#62;<\/title>/);
  const hosts = lanes(html, 'hosts');
  // The scanner's lane: all its malicious flows (quality.test.ts counts them in the file: 46).
  assert.equal(hosts.get('192.168.1.9')?.malicious, quality.maliciousFlows);
  const rules = lanes(html, 'rules');
  assert.deepEqual(
    [...rules.keys()],
    quality.rules.map((r) => r.rule),
  );
  for (const row of quality.rules) {
    const lane = rules.get(row.rule);
    assert.equal((lane?.tp ?? 0) + (lane?.fp ?? 0), row.alerts, row.rule);
  }
  // The table: one row per rule and the overall row.
  const table = /<table id="quality">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  assert.equal(table.match(/<tr>/g)?.length, quality.rules.length + 2);
  assert.match(table, /<td>overall<\/td>/);
});

test('`osprey replay --labels F --html out` writes the page with mode 0600; --html alone is a usage error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-html-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'report.html');
  const cli = fromRoot('dist/cli/osprey.js');
  const env = { ...process.env, OSPREY_DATA_DIR: dir };
  const run = spawnSync(process.execPath, [cli, 'replay', CONN, '--labels', LABELS, '--html', out, '--quiet'], {
    env,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^rule\s+alerts/); // the table still goes to stdout
  assert.equal(statSync(out).mode & 0o777, 0o600);
  const html = readFileSync(out, 'utf8');
  assertSelfContained(html);
  assert.match(html, /<svg id="hosts"/);
  assert.match(html, /<svg id="rules"/);
  assert.ok((lanes(html, 'hosts').get('192.168.1.9')?.malicious ?? 0) > 0);
  const usage = spawnSync(process.execPath, [cli, 'replay', CONN, '--html', out], { env, encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--html goes with --labels/);
});

test('a recording of 200,000 flows gives a small page with exact counts', () => {
  const flows = Array.from({ length: 200_000 }, (_, i) => ({
    id: `f${i}`,
    time: 1_700_000_000_000 + i * 10,
    srcIp: i % 2 === 0 ? '10.0.0.1' : '10.0.0.2',
    srcPort: 40_000 + (i % 20_000),
    dstIp: '192.0.2.7',
    dstPort: 443,
    process: false,
  }));
  const labels = { entries: [{ src: '10.0.0.1' }], flowKeys: new Set<string>() };
  const quality = qualityReport(flows, [], labels);
  const html = htmlReport({ title: 'big', flows, alerts: [], labels, quality });
  assert.equal(lanes(html, 'hosts').get('10.0.0.1')?.malicious, 100_000);
  assert.ok(html.length < 100_000, `${html.length} characters`);
});

test('text in the page is escaped', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
});
