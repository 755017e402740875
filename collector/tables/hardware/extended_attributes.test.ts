import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';
import { xattrValue } from './extended_attributes.js';

describe('extended_attributes', () => {
  let dir: string;
  let engine: Engine;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-xattr-'));
    engine = await Engine.create();
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the attributes setfattr wrote, text or base64 by osquery's rule", (t) => {
    const file = join(dir, 'tagged.txt');
    writeFileSync(file, 'x');
    try {
      // Written with Python's os.setxattr (the independent writer): a C string with its NUL, one without, binary.
      execFileSync('python3', [
        '-c',
        `import os
os.setxattr(${JSON.stringify(file)}, 'user.origin', b'https://example.org/a\\0')
os.setxattr(${JSON.stringify(file)}, 'user.plain', b'no-terminator')
os.setxattr(${JSON.stringify(file)}, 'user.blob', bytes([0, 1, 2, 255]))`,
      ]);
    } catch {
      return t.skip('this filesystem has no user xattrs');
    }
    const rows = engine.queryRows(`SELECT * FROM extended_attributes WHERE path = '${file}'`);
    assert.deepEqual(rows, [
      { path: file, directory: dir, key: 'user.blob', value: 'AAEC/w==', base64: 1 },
      { path: file, directory: dir, key: 'user.origin', value: 'https://example.org/a', base64: 0 },
      {
        path: file,
        directory: dir,
        key: 'user.plain',
        value: Buffer.from('no-terminator').toString('base64'),
        base64: 1,
      },
    ]);
    const viaDirectory = engine.queryRows(`SELECT key FROM extended_attributes WHERE directory = '${dir}'`);
    assert.equal(viaDirectory.length, 3);
  });

  it('gives no rows for files without attributes or that do not exist', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    assert.deepEqual(engine.queryRows(`SELECT * FROM extended_attributes WHERE path = '${join(dir, 'plain')}'`), []);
    assert.deepEqual(engine.queryRows(`SELECT * FROM extended_attributes WHERE path = '${join(dir, 'absent')}'`), []);
  });

  it('applies the printable rule to edge cases', () => {
    assert.deepEqual(xattrValue(Buffer.from('')), { value: '', base64: 1 });
    assert.deepEqual(xattrValue(Buffer.from('a\0\0')), { value: 'YQAA', base64: 1 });
    assert.deepEqual(xattrValue(Buffer.from('a b\0')), { value: 'a b', base64: 0 });
  });
});
