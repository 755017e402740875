/** A real daemon process: SIGHUP reloads the config, SIGTERM delivers what is queued and exits 0. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { waitFor } from '../../test/helpers/wait.js';
import { exited, readLines, spawnDaemon } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-signals-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('SIGHUP reloads the config (a broken one is kept out), SIGTERM exits cleanly', async () => {
  const configPath = join(dir, 'osquery.conf');
  const logs = join(dir, 'logs');
  writeFileSync(configPath, JSON.stringify({ schedule: { before: { query: 'SELECT 1 AS one', interval: 1 } } }));
  const child = spawnDaemon([
    '--disable_watchdog',
    `--config_path=${configPath}`,
    `--database_path=${join(dir, 'db')}`,
    `--logger_path=${logs}`,
    '--osprey_tick_ms=20',
    '--logger_event_type=false',
  ]);
  const results = join(logs, 'osqueryd.results.log');
  const names = (): string[] => readLines(results).map((l) => (JSON.parse(l) as { name: string }).name);
  try {
    await waitFor("the first config's result", () => names().includes('before'));
    writeFileSync(configPath, '{"schedule": {"broken": ');
    child.kill('SIGHUP');
    await waitFor('the failed reload warning', () =>
      readLines(join(logs, 'osqueryd.WARNING')).some((l) => l.includes('Config reload failed')),
    );
    writeFileSync(configPath, JSON.stringify({ schedule: { after: { query: 'SELECT 2 AS two', interval: 1 } } }));
    child.kill('SIGHUP');
    await waitFor("the reloaded config's result", () => names().includes('after'));
  } finally {
    child.kill('SIGTERM');
  }
  assert.deepEqual(await exited(child), { code: 0, signal: null });
  const batch = readLines(results).map((l) => JSON.parse(l) as { name: string; diffResults: { added: unknown[] } });
  assert.deepEqual(batch.find((l) => l.name === 'after')?.diffResults.added, [{ two: '2' }], 'batch format');
  assert.ok(!names().includes('broken'));
  assert.match(readFileSync(join(logs, 'osqueryd.INFO'), 'utf8'), /Config reloaded: 1 scheduled queries/);
});
