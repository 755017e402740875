/**
 * Everything in deploy/ parses, and what it names exists: every metric the alert rules and the Grafana dashboard
 * query is emitted somewhere in the code, every osquery flag the manifests pass is a known flag, every subcommand
 * they run is registered, and the systemd units carry the hardening they promise.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { COMMANDS } from '../../cli/commands.js';
import { Flags } from '../../collector/flags/flags.js';
import { fromRoot } from '../../common/paths.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const deployFiles = walk(fromRoot('deploy'));
const sourceText = ['collector', 'common', 'enricher', 'correlator', 'indexer']
  .flatMap((d) => walk(fromRoot(d)))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

test('every YAML and JSON file in deploy/ parses', () => {
  let parsed = 0;
  for (const file of deployFiles) {
    const text = readFileSync(file, 'utf8');
    if (/\.ya?ml$/.test(file)) {
      for (const doc of parseAllDocuments(text)) assert.deepEqual(doc.errors, [], relative(fromRoot(), file));
      parsed++;
    } else if (file.endsWith('.json')) {
      assert.doesNotThrow(() => JSON.parse(text), relative(fromRoot(), file));
      parsed++;
    } else if (file.endsWith('.ndjson')) {
      for (const line of text.trim().split('\n')) JSON.parse(line);
      parsed++;
    }
  }
  assert.ok(parsed >= 15, `parsed ${parsed} files`);
});

test('every osprey_ metric that rules and dashboards use is emitted by the code', () => {
  const used = new Set<string>();
  for (const file of deployFiles.filter((f) => /(prometheus|grafana)/.test(f))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bosprey_[a-z_]+/g))
      used.add(m[0].replace(/_(bucket|sum|count)$/, ''));
  }
  assert.ok(used.size >= 10);
  const missing = [...used].filter((name) => !sourceText.includes(`'${name}'`));
  assert.deepEqual(missing, [], `metrics queried but never registered: ${missing.join(', ')}`);
});

test('flags and subcommands used by the manifests exist', () => {
  const flags = new Flags();
  const texts = deployFiles.filter((f) => /(systemd|kubernetes|compose)/.test(f)).map((f) => readFileSync(f, 'utf8'));
  for (const text of texts) {
    for (const m of text.matchAll(/--([a-z_]+)=/g)) assert.ok(flags.has(m[1] ?? ''), `unknown flag --${m[1]}`);
    for (const m of text.matchAll(/\/usr\/bin\/osprey ([a-z-]+)/g))
      assert.ok(m[1] && m[1] in COMMANDS, `unknown command ${m[1]}`);
    for (const m of text.matchAll(/(?:args|command): \[([a-z-]+),/g))
      assert.ok(m[1] && m[1] in COMMANDS, `unknown command ${m[1]}`);
  }
});

test('systemd units are hardened and bounded', () => {
  const units = deployFiles.filter((f) => f.endsWith('.service'));
  assert.equal(units.length, 4);
  for (const unit of units) {
    const text = readFileSync(unit, 'utf8');
    for (const key of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'PrivateTmp=yes', 'UMask=0077']) {
      assert.ok(text.includes(key), `${unit} lacks ${key}`);
    }
    assert.match(text, /MemoryMax=\d+[MG]/);
    assert.match(text, /CPUQuota=\d+%/);
  }
  const daemon = readFileSync(fromRoot('deploy/systemd/osprey-daemon.service'), 'utf8');
  assert.match(daemon, /CPUQuota=10%/, 'matches the watchdog utilization limit');
  assert.match(daemon, /MemoryMax=200M/, 'matches the watchdog memory limit');
});
