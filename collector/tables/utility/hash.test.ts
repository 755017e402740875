import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { Engine } from '../../engine/engine.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { generateHash } from './hash.js';

const sum = (tool: string, path: string): string =>
  execFileSync(tool, [path], { encoding: 'utf8' }).split(' ')[0] ?? '';

describe('hash', () => {
  let engine: Engine;
  let root: string;
  before(async () => {
    engine = await Engine.create();
    root = mkdtempSync(join(tmpdir(), 'osprey-hash-'));
    writeFileSync(join(root, 'one'), 'first file\n');
    writeFileSync(join(root, 'big'), Buffer.alloc(3 * 1024 * 1024 + 7, 0x61));
  });
  after(() => {
    engine.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('agrees with md5sum, sha1sum and sha256sum', () => {
    for (const name of ['one', 'big']) {
      const path = join(root, name);
      const [row] = engine.queryRows(`SELECT md5, sha1, sha256 FROM hash WHERE path = '${path}'`);
      assert.deepEqual(row, { md5: sum('md5sum', path), sha1: sum('sha1sum', path), sha256: sum('sha256sum', path) });
    }
  });

  it('takes its path from a join with file', () => {
    const rows = engine.query(
      `SELECT path, md5 FROM file JOIN hash USING (path) WHERE file.directory = '${root}' ORDER BY path`,
    ).rows;
    assert.deepEqual(rows, [
      [join(root, 'big'), sum('md5sum', join(root, 'big'))],
      [join(root, 'one'), sum('md5sum', join(root, 'one'))],
    ]);
  });

  it("hashes /etc/hostname through a join like osquery's docs", () => {
    const rows = engine.query("SELECT md5 FROM file JOIN hash USING (path) WHERE path = '/etc/hostname'").rows;
    assert.deepEqual(rows, [[sum('md5sum', '/etc/hostname')]]);
  });

  it('computes only the digests the query reads and skips directories', () => {
    const ctx = createQueryContext({
      table: 'hash',
      constraints: [{ column: 'directory', op: '=', value: root }],
      columnsUsed: new Set(['path', 'sha1']),
    });
    const rows = [...generateHash(ctx)].sort((a, b) => String(a.path).localeCompare(String(b.path)));
    assert.deepEqual(
      rows.map((r) => [r.path, r.md5, r.sha1 !== '']),
      [
        [join(root, 'big'), '', true],
        [join(root, 'one'), '', true],
      ],
    );
    assert.deepEqual(engine.query(`SELECT * FROM hash WHERE path = '${root}'`).rows, []);
  });

  it('leaves files larger than read_max unread, with empty digests', () => {
    const skipped: string[] = [];
    const ctx = createQueryContext({
      table: 'hash',
      constraints: [{ column: 'path', op: '=', value: join(root, 'big') }],
      services: { flags: { list: () => [], get: (name) => (name === 'read_max' ? '1024' : undefined) } },
      errors: { skip: (reason) => skipped.push(reason) },
    });
    assert.deepEqual(
      [...generateHash(ctx)].map((r) => [r.md5, r.sha256]),
      [['', '']],
    );
    assert.match(skipped[0] ?? '', /larger than read_max/);
  });

  it('hashes a file only another mount namespace has, through pid_with_namespace', async (t) => {
    // A child in its own mount namespace mounts a tmpfs over a directory and writes a file the host cannot see.
    const dir = mkdtempSync(join(tmpdir(), 'osprey-hash-ns-'));
    const script = `mount -t tmpfs none ${dir} && printf 'inside\\n' > ${dir}/only && echo ready && exec sleep 60`;
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor('the namespaced child', () => out.includes('ready') || child.exitCode !== null);
      if (!out.includes('ready')) {
        t.skip('unshare -m is not permitted here');
        return;
      }
      const path = join(dir, 'only');
      assert.equal(existsSync(path), false);
      const sql = `SELECT sha256, pid_with_namespace FROM hash WHERE path = '${path}' AND pid_with_namespace = ${child.pid}`;
      const expected = execFileSync('sha256sum', [`/proc/${child.pid}/root${path}`], { encoding: 'utf8' }).split(
        ' ',
      )[0];
      assert.deepEqual(engine.queryRows(sql), [{ sha256: expected, pid_with_namespace: child.pid }]);
      assert.deepEqual(engine.queryRows(`SELECT sha256 FROM hash WHERE path = '${path}'`), []);
    } finally {
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs path or directory', () => {
    assert.throws(() => engine.query('SELECT * FROM hash'), /Table hash was queried without a required column/);
  });
});
