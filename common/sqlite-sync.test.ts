import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { withoutFsync } from './sqlite-sync.js';

const FULL = 2;
const NORMAL = 1;

describe('withoutFsync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-sqlite-sync-'));
  const db = new Database(join(dir, 'db.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (v INTEGER)');
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const level = () => db.pragma('synchronous', { simple: true });

  it('commits with synchronous = NORMAL and restores FULL, also when the work throws', () => {
    const seen = withoutFsync(db, () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      return level();
    });
    assert.equal(seen, NORMAL);
    assert.equal(level(), FULL);
    assert.throws(() =>
      withoutFsync(db, () => {
        throw new Error('boom');
      }),
    );
    assert.equal(level(), FULL);
    assert.equal((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, 1);
  });

  it('leaves the level alone inside an open transaction (its commit decides)', () => {
    const seen = db.transaction(() => withoutFsync(db, level))();
    assert.equal(seen, FULL);
  });
});
