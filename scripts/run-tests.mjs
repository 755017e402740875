#!/usr/bin/env node
// Runs every compiled test (dist/**/*.test.js) with Node's test runner. Unit tests sit beside the code; end-to-end
// tests live in test/. Extra arguments filter test files by substring: `node scripts/run-tests.mjs daemon shell`.
// Before the runner starts, the system programs the tests drive (kcat, promtool, ...) are checked once and, as root,
// installed with one apt-get (scripts/system-deps.mjs): test files never install anything themselves.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeMissing, ensureSystemDependencies } from './system-deps.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (entry === 'node_modules') continue;
    if (statSync(full).isDirectory()) found.push(...findTests(full));
    else if (entry.endsWith('.test.js')) found.push(full);
  }
  return found;
}

const filters = process.argv.slice(2);
const files = findTests(dist)
  .filter((file) => filters.length === 0 || filters.some((f) => relative(dist, file).includes(f)))
  .sort();
if (files.length === 0) {
  console.error('No test files found under dist/. Run `npm run build` first.');
  process.exit(1);
}
const stillMissing = ensureSystemDependencies();
if (stillMissing.length > 0) {
  console.error(describeMissing(stillMissing));
  process.exit(1);
}
// The timeout is a deadline for a hung test file (npm run package under `stress --cpu 2` takes minutes), not a measure.
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-timeout=1800000', '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root, env: { ...process.env, OSPREY_LOG_LEVEL: process.env.OSPREY_LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);
