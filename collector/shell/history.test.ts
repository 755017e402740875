import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { completeLine } from './complete.js';
import { HISTORY_LIMIT, historyPath, loadHistory, saveHistory } from './history.js';

describe('history file', () => {
  it('keeps the newest 100 entries, oldest first, in a private file and directory', () => {
    const home = mkdtempSync(join(tmpdir(), 'osprey-history-'));
    try {
      const dir = join(home, '.osprey');
      const path = historyPath(dir);
      assert.deepEqual(loadHistory(path), []);
      const entries = Array.from({ length: 130 }, (_, i) => `select ${i};`);
      saveHistory(path, entries);
      const loaded = loadHistory(path);
      assert.equal(loaded.length, HISTORY_LIMIT);
      assert.equal(loaded[0], 'select 30;');
      assert.equal(loaded.at(-1), 'select 129;');
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('tightens an existing file and skips blank lines when loading', () => {
    const home = mkdtempSync(join(tmpdir(), 'osprey-history-'));
    try {
      const dir = join(home, '.osprey');
      mkdirSync(dir, { mode: 0o755 });
      writeFileSync(join(dir, '.history'), 'a\n\nb\n', { mode: 0o644 });
      assert.deepEqual(loadHistory(historyPath(dir)), ['a', 'b']);
      saveHistory(historyPath(dir), ['a', 'b', '']);
      assert.equal(readFileSync(historyPath(dir), 'utf8'), 'a\nb\n');
      assert.equal(statSync(historyPath(dir)).mode & 0o777, 0o600);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('tab completion', () => {
  const source = {
    tables: () => [
      { name: 'processes', columns: [{ name: 'pid' }, { name: 'parent' }, { name: 'path' }] },
      { name: 'process_envs', columns: [{ name: 'pid' }, { name: 'key' }] },
    ],
  };
  it('completes meta-commands after a leading dot', () => {
    assert.deepEqual(completeLine('.ta', source), [['.tables'], '.ta']);
    assert.deepEqual(completeLine('.s', source)[0], ['.schema', '.separator', '.show', '.socket', '.summary']);
  });
  it('completes table and column names in SQL and meta arguments', () => {
    assert.deepEqual(completeLine('select * from proc', source), [['process_envs', 'processes'], 'proc']);
    assert.deepEqual(completeLine('select pa', source), [['parent', 'path'], 'pa']);
    assert.deepEqual(completeLine('.schema process_', source), [['process_envs'], 'process_']);
    assert.deepEqual(completeLine('select ', source), [[], '']);
  });
});
