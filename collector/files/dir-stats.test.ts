import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  type BigIntStats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDirectoryMode, isLinkMode, statDirectory, statPath, type FileStat } from './dir-stats.js';

const seconds = (ns: bigint): number => Number(ns / 1_000_000_000n);
const exact = (value: bigint): number | bigint => (value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);

/** What Node's fs says the record should be: stat() through a link, lstat() for a dangling one. */
function expected(path: string): Omit<FileStat, 'error'> {
  const link = lstatSync(path, { bigint: true });
  let stats: BigIntStats = link;
  let dangling = false;
  if (link.isSymbolicLink()) {
    try {
      stats = statSync(path, { bigint: true });
    } catch {
      dangling = true;
    }
  }
  return {
    lmode: link.isSymbolicLink() ? 0o120777 : Number(link.mode),
    mode: Number(stats.mode),
    dangling,
    ino: exact(stats.ino),
    uid: Number(stats.uid),
    gid: Number(stats.gid),
    rdev: exact(stats.rdev),
    size: exact(stats.size),
    blksize: Number(stats.blksize),
    atime: seconds(stats.atimeNs),
    mtime: seconds(stats.mtimeNs),
    ctime: seconds(stats.ctimeNs),
    nlink: Number(stats.nlink),
    linkText: link.isSymbolicLink() ? readlinkSync(path) : '',
  };
}

/** The record but its error, which must be none. */
const comparable = ({ error, ...rest }: FileStat): Omit<FileStat, 'error'> => {
  assert.equal(error, undefined);
  return rest;
};

describe('dir-stats', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'osprey-dirstat-'));
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'a.txt'), 'hello', { mode: 0o640 });
    writeFileSync(join(root, 'B.txt'), '');
    writeFileSync(join(root, 'é'), 'x');
    symlinkSync('a.txt', join(root, 'link'));
    symlinkSync('sub', join(root, 'dirlink'));
    symlinkSync('nowhere', join(root, 'dangling'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lists a directory sorted by bytes, each entry with the metadata fs.lstatSync/statSync/readlinkSync give', () => {
    const entries = statDirectory(root, { stat: true, links: true });
    assert.deepEqual(
      entries.map((e) => e.name),
      ['B.txt', 'a.txt', 'dangling', 'dirlink', 'link', 'sub', 'é'],
    );
    for (const { name, stat } of entries) assert.deepEqual(comparable(stat), expected(join(root, name)), name);
  });

  it('agrees with fs on a real tree (/etc), links and all', () => {
    const entries = statDirectory('/etc', { stat: true, links: true });
    assert.deepEqual(entries.map((e) => e.name).sort(), readdirSync('/etc').sort());
    for (const { name, stat } of entries) {
      if (stat.error !== undefined) continue; // unreadable to this user: fs would throw too
      const want = expected(join('/etc', name));
      // atime moves when something reads the file between the two looks.
      assert.deepEqual({ ...comparable(stat), atime: 0 }, { ...want, atime: 0 }, name);
    }
  });

  it('gives only the types unless asked for the record, and no link texts unless asked', () => {
    const byName = new Map(statDirectory(root).map((e) => [e.name, e.stat]));
    assert.ok(isDirectoryMode(byName.get('sub')?.lmode ?? 0));
    assert.ok(isLinkMode(byName.get('dirlink')?.lmode ?? 0));
    assert.ok(!isDirectoryMode(byName.get('dirlink')?.lmode ?? 0));
    assert.equal(byName.get('a.txt')?.size, 0);
    const withStats = new Map(statDirectory(root, { stat: true, links: false }).map((e) => [e.name, e.stat]));
    assert.equal(withStats.get('a.txt')?.size, 5);
    assert.equal(withStats.get('link')?.linkText, '');
  });

  it('stats one path like the listing does, and reports the errno of a missing one', () => {
    assert.deepEqual(
      comparable(statPath(join(root, 'link'), { stat: true, links: true })),
      expected(join(root, 'link')),
    );
    assert.deepEqual(comparable(statPath(root, { stat: true, links: false })), expected(root));
    assert.equal(statPath(join(root, 'none')).error, 'ENOENT');
    assert.equal(statPath(`${root}/a\0b`).error, 'ENOENT');
  });

  it('reads nothing from a directory it cannot open', () => {
    assert.deepEqual(statDirectory(join(root, 'none')), []);
    assert.deepEqual(statDirectory(join(root, 'a.txt')), []);
    assert.deepEqual(statDirectory(join(root, 'sub')), []);
  });

  it(
    'reports an entry it cannot lstat with its errno',
    { skip: process.getuid?.() === 0 && 'root reads anything' },
    () => {
      const locked = join(root, 'locked');
      mkdirSync(locked);
      writeFileSync(join(locked, 'f'), '');
      chmodSync(locked, 0o600); // readable, not searchable: readdir works, lstat does not
      try {
        assert.deepEqual(
          statDirectory(locked, { stat: true, links: false }).map((e) => [e.name, e.stat.error]),
          [['f', 'EACCES']],
        );
      } finally {
        chmodSync(locked, 0o700);
      }
    },
  );
});
