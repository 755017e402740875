import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { HashCache } from './hash-cache.js';

const sha = (n: number): string => n.toString(16).padStart(64, '0');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-hash-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a binary replaced on disk is a new entry; events get the version they ran', (t) => {
  const cache = new HashCache(tempDir(t), 100, silentLogger());
  t.after(() => cache.close());
  cache.put('h', '/usr/bin/x', { mtime: 1000, size: 10, inode: '1', hash: { sha256: sha(1) } });
  cache.put('h', '/usr/bin/x', { mtime: 5000, size: 12, inode: '2', hash: { sha256: sha(2) } });
  assert.equal(cache.at('h', '/usr/bin/x', 3000)?.sha256, sha(1));
  assert.equal(cache.at('h', '/usr/bin/x', 9000)?.sha256, sha(2));
  assert.equal(cache.at('h', '/usr/bin/x', 500), undefined);
  assert.equal(cache.at('other-host', '/usr/bin/x', 9000), undefined);
  assert.equal(cache.exact('h', '/usr/bin/x', { mtime: 1000, size: 10, inode: null })?.sha256, sha(1));
  assert.equal(cache.exact('h', '/usr/bin/x', { mtime: 1000, size: null, inode: '1' })?.sha256, sha(1));
  assert.equal(cache.exact('h', '/usr/bin/x', { mtime: 1000, size: 99, inode: '9' }), undefined);
  assert.equal(cache.size, 2);
});

test('the cache is bounded, least recently used out first, and survives a restart', (t) => {
  const dir = tempDir(t);
  const first = new HashCache(dir, 3, silentLogger());
  for (let i = 1; i <= 3; i++)
    first.put('h', `/bin/${i}`, { mtime: 0, size: i, inode: null, hash: { sha256: sha(i) } });
  assert.ok(first.at('h', '/bin/1', 1)); // used: /bin/2 is now the least recently used
  first.put('h', '/bin/4', { mtime: 0, size: 4, inode: null, hash: { sha256: sha(4) } });
  assert.equal(first.size, 3);
  assert.equal(first.at('h', '/bin/2', 1), undefined);
  first.close();
  assert.equal(statSync(join(dir, 'hash-cache.sqlite')).mode & 0o777, 0o600);

  const second = new HashCache(dir, 3, silentLogger());
  assert.equal(second.size, 3);
  assert.equal(second.at('h', '/bin/1', 1)?.sha256, sha(1));
  assert.equal(second.at('h', '/bin/4', 1)?.sha256, sha(4));
  assert.equal(second.at('h', '/bin/2', 1), undefined);
  second.close();

  // A smaller bound after a restart keeps the most recently used.
  const third = new HashCache(dir, 1, silentLogger());
  assert.equal(third.size, 1);
  assert.equal(third.at('h', '/bin/4', 1)?.sha256, sha(4), 'the last one used before the restart');
  assert.equal(third.at('h', '/bin/1', 1), undefined);
  third.close();
});

test('an unreadable cache file is set aside and the cache starts empty', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'hash-cache.sqlite'), 'this is not a SQLite database, just bytes '.repeat(200));
  const cache = new HashCache(dir, 10, silentLogger());
  assert.equal(cache.size, 0);
  cache.put('h', '/bin/a', { mtime: 0, size: 1, inode: null, hash: { md5: 'a'.repeat(32) } });
  cache.close();
  const again = new HashCache(dir, 10, silentLogger());
  assert.equal(again.size, 1);
  again.close();
});
