/**
 * Sigma coverage: which rules load and which can match given the fields Osprey's events fill. Synthetic rules pin
 * the logic (a dead filter under `not` leaves a rule usable; a dead selection kills it); the bundled SigmaHQ rules
 * give the figures docs/detection-quality.md quotes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import { CARRIED_FIELDS, sigmaCoverage, summarizeCoverage } from './coverage.js';
import { FIELD_MAPS } from './fields.js';

const rule = (category: string, detection: string): string =>
  `title: t\nid: 00000000-0000-0000-0000-000000000000\nlogsource: { product: linux, category: ${category} }\ndetection:\n${detection}\nlevel: high\n`;

test('every field counted as filled has a mapping (loading needs one)', () => {
  for (const [category, fields] of Object.entries(CARRIED_FIELDS)) {
    for (const field of fields) assert.ok(FIELD_MAPS[category]?.[field], `${category}.${field}`);
  }
});

test('a search needing an unfilled field is false: fatal as a selection, harmless as a negated filter', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-sigma-coverage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'a-dead-selection.yml'),
    rule(
      'file_event',
      '  selection: { Image|endswith: /python3, TargetFilename|startswith: /etc/cron.d/ }\n  condition: selection',
    ),
  );
  writeFileSync(
    join(dir, 'b-dead-filter.yml'),
    rule(
      'file_event',
      '  selection: { TargetFilename|startswith: /etc/cron.d/ }\n  filter: { Image: /usr/bin/dpkg }\n  condition: selection and not filter',
    ),
  );
  writeFileSync(
    join(dir, 'c-one-live-alternative.yml'),
    rule(
      'file_event',
      '  selection:\n    - { Image|endswith: /vi }\n    - { TargetFilename: /etc/shadow }\n  condition: selection',
    ),
  );
  writeFileSync(
    join(dir, 'd-auditd.yml'),
    'title: t\nlogsource: { product: linux, service: auditd }\ndetection:\n  s: { type: EXECVE }\n  condition: s\n',
  );
  const verdicts = sigmaCoverage(dir).map((e) => [e.file, e.verdict.kind]);
  assert.deepEqual(verdicts, [
    ['a-dead-selection.yml', 'unmatchable'],
    ['b-dead-filter.yml', 'usable'],
    ['c-one-live-alternative.yml', 'usable'],
    ['d-auditd.yml', 'not_loaded'],
  ]);
});

test('the bundled SigmaHQ Linux rules: at least 90 % of process_creation, network_connection and file_event can match', () => {
  const summary = summarizeCoverage(sigmaCoverage(fromRoot('correlator/sigma/rules')));
  const all = Object.values(summary.categories);
  const rules = all.reduce((n, c) => n + c.rules, 0);
  const usable = all.reduce((n, c) => n + c.usable, 0);
  assert.ok(rules > 0);
  assert.ok(usable / rules >= 0.9, `${usable}/${rules}`);
  // The ones that cannot: file_event rules that need the writing process, which inotify does not report.
  for (const u of summary.unmatchable) assert.match(u.fields, /^file_event: needs Image$/);
});
