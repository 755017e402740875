import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { Engine } from '../../engine/engine.js';
import { generateFile } from './file.js';
import { resolveFilePattern } from '../../files/file-pattern.js';

describe('file', () => {
  let engine: Engine;
  let root: string;
  before(async () => {
    engine = await Engine.create();
    root = mkdtempSync(join(tmpdir(), 'osprey-file-'));
    mkdirSync(join(root, 'sub', 'deep'), { recursive: true });
    writeFileSync(join(root, 'a.txt'), 'hello', { mode: 0o640 });
    writeFileSync(join(root, 'b.log'), '');
    writeFileSync(join(root, 'sub', 'c.txt'), 'c');
    writeFileSync(join(root, 'sub', 'deep', 'd.txt'), 'd');
    symlinkSync(join(root, 'a.txt'), join(root, 'link'));
    symlinkSync('sub/c.txt', join(root, 'relative'));
    symlinkSync('nowhere', join(root, 'dangling'));
  });
  after(() => {
    engine.close();
    rmSync(root, { recursive: true, force: true });
  });

  const paths = (sql: string): string[] =>
    engine
      .query(sql)
      .rows.map((r) => String(r[0]))
      .sort();

  it('reads one path with stat() metadata', () => {
    const [row] = engine.queryRows(`SELECT * FROM file WHERE path = '${root}/a.txt'`);
    const stats = statSync(join(root, 'a.txt'));
    assert.deepEqual(row, {
      path: `${root}/a.txt`,
      directory: root,
      filename: 'a.txt',
      inode: stats.ino,
      uid: stats.uid,
      gid: stats.gid,
      mode: '0640',
      device: 0,
      size: 5,
      block_size: stats.blksize,
      atime: Math.floor(stats.atimeMs / 1000),
      mtime: Math.floor(stats.mtimeMs / 1000),
      ctime: Math.floor(stats.ctimeMs / 1000),
      btime: 0,
      hard_links: 1,
      symlink: 0,
      type: 'regular',
      symlink_target_path: '',
    });
  });

  it('marks symlinks and reports the target metadata', () => {
    const [row] = engine.queryRows(`SELECT symlink, type, inode FROM file WHERE path = '${root}/link'`);
    assert.deepEqual(row, { symlink: 1, type: 'regular', inode: statSync(join(root, 'a.txt')).ino });
    assert.notEqual(lstatSync(join(root, 'link')).ino, row?.inode);
  });

  it('gives the link text as readlink prints it, and btime 0 as osquery on Linux', () => {
    for (const name of ['link', 'relative', 'dangling']) {
      const [row] = engine.queryRows(`SELECT symlink_target_path, btime FROM file WHERE path = '${root}/${name}'`);
      const text = execFileSync('readlink', [join(root, name)], { encoding: 'utf8' }).replace(/\n$/, '');
      assert.deepEqual(row, { symlink_target_path: text, btime: 0 });
    }
    const [bin] = engine.queryRows("SELECT symlink_target_path FROM file WHERE path = '/bin'");
    if (lstatSync('/bin').isSymbolicLink())
      assert.equal(bin?.symlink_target_path, execFileSync('readlink', ['/bin'], { encoding: 'utf8' }).trim());
  });

  it("reports a dangling link as type unknown with the link's own stat", () => {
    const [row] = engine.queryRows(`SELECT symlink, type, inode FROM file WHERE path = '${root}/dangling'`);
    const ino = Number(execFileSync('stat', ['-c', '%i', join(root, 'dangling')], { encoding: 'utf8' }).trim());
    assert.deepEqual(row, { symlink: 1, type: 'unknown', inode: ino });
  });

  it("answers osquery's hidden columns of other platforms with NULL", () => {
    const hidden = [
      'attributes',
      'volume_serial',
      'file_id',
      'file_version',
      'product_version',
      'original_filename',
      'shortcut_target_path',
      'shortcut_target_type',
      'shortcut_target_location',
      'shortcut_start_in',
      'shortcut_run',
      'shortcut_comment',
      'bsd_flags',
      'mount_namespace_id',
    ];
    const [row] = engine.queryRows(`SELECT ${hidden.join(', ')} FROM file WHERE path = '${root}/a.txt'`);
    assert.deepEqual(row, Object.fromEntries(hidden.map((name) => [name, null])));
  });

  it('reads paths in the mount namespace of pid_with_namespace', () => {
    const sql = (pid: number): string =>
      `SELECT path, directory, inode, size, pid_with_namespace FROM file WHERE path = '${root}/a.txt' AND pid_with_namespace = ${pid}`;
    const inode = Number(execFileSync('stat', ['-c', '%i', join(root, 'a.txt')], { encoding: 'utf8' }).trim());
    assert.deepEqual(engine.queryRows(sql(process.pid)), [
      { path: `${root}/a.txt`, directory: root, inode, size: 5, pid_with_namespace: process.pid },
    ]);
    assert.deepEqual(engine.queryRows(sql(2 ** 30)), []);
    assert.deepEqual(
      engine
        .query(`SELECT filename FROM file WHERE directory = '${root}/sub' AND pid_with_namespace = ${process.pid}`)
        .rows.sort(),
      [['c.txt'], ['deep']],
    );
  });

  it('expands % within one level and %% recursively (the LIKE reaches the generator)', () => {
    assert.deepEqual(paths(`SELECT path FROM file WHERE path LIKE '${root}/%'`), [
      `${root}/a.txt`,
      `${root}/b.log`,
      `${root}/dangling`,
      `${root}/link`,
      `${root}/relative`,
      `${root}/sub`,
    ]);
    assert.deepEqual(paths(`SELECT path FROM file WHERE path LIKE '${root}/%.txt'`), [`${root}/a.txt`]);
    assert.deepEqual(paths(`SELECT path FROM file WHERE path LIKE '${root}/sub/%%'`), [
      `${root}/sub/c.txt`,
      `${root}/sub/deep`,
      `${root}/sub/deep/d.txt`,
    ]);
    assert.deepEqual(paths(`SELECT path FROM file WHERE path LIKE '${root}/%/%.txt'`), [`${root}/sub/c.txt`]);
  });

  it('lists a directory, keeping the directory as written', () => {
    const rows = engine.query(`SELECT filename, directory FROM file WHERE directory = '${root}/sub/'`).rows;
    assert.deepEqual(rows.sort(), [
      ['c.txt', `${root}/sub/`],
      ['deep', `${root}/sub/`],
    ]);
  });

  it('answers IN lists and skips missing paths', () => {
    assert.deepEqual(paths(`SELECT path FROM file WHERE path IN ('${root}/a.txt', '${root}/none', '${root}/b.log')`), [
      `${root}/a.txt`,
      `${root}/b.log`,
    ]);
  });

  it('needs path or directory', () => {
    assert.throws(() => engine.query('SELECT * FROM file'), /Table file was queried without a required column/);
  });

  it('sees LIKE constraints as the generator receives them', () => {
    const like = (value: string): unknown[] =>
      [
        ...generateFile(createQueryContext({ table: 'file', constraints: [{ column: 'path', op: 'LIKE', value }] })),
      ].map((r) => r.path);
    assert.deepEqual(like(`${root}/_.log`), [`${root}/b.log`]);
    assert.deepEqual(like(`${root}/__.log`), []);
    assert.deepEqual(resolveFilePattern(`${root}/b.___`).paths, [`${root}/b.log`]);
  });

  it('bounds a runaway pattern', () => {
    const result = resolveFilePattern(`${root}/%%`, 2);
    assert.equal(result.paths.length, 2);
    assert.equal(result.truncated, true);
  });
});
