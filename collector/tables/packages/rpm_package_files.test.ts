import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { rpmDatabaseFiles } from './rpm_package_files.js';

type TagValue = { tag: number; type: number; values: Array<string | number> };

/**
 * An RPM header blob in rpmdb's layout (big-endian index count, data length, 16-byte index entries, data store),
 * with the alignment rpm uses for integer arrays.
 */
function headerBlob(tags: TagValue[]): Buffer {
  const chunks: Buffer[] = [];
  const entries: Buffer[] = [];
  let length = 0;
  for (const { tag, type, values } of tags) {
    const align = type === 3 ? 2 : type === 4 ? 4 : type === 5 ? 8 : 1;
    const pad = (align - (length % align)) % align;
    if (pad > 0) chunks.push(Buffer.alloc(pad));
    length += pad;
    const body =
      type === 3
        ? Buffer.concat(
            values.map((v) => {
              const b = Buffer.alloc(2);
              b.writeUInt16BE(Number(v));
              return b;
            }),
          )
        : type === 4
          ? Buffer.concat(
              values.map((v) => {
                const b = Buffer.alloc(4);
                b.writeUInt32BE(Number(v));
                return b;
              }),
            )
          : Buffer.concat(values.map((v) => Buffer.from(`${String(v)}\0`)));
    const entry = Buffer.alloc(16);
    entry.writeUInt32BE(tag, 0);
    entry.writeUInt32BE(type, 4);
    entry.writeInt32BE(length, 8);
    entry.writeUInt32BE(values.length, 12);
    entries.push(entry);
    chunks.push(body);
    length += body.length;
  }
  const preamble = Buffer.alloc(8);
  preamble.writeUInt32BE(tags.length, 0);
  preamble.writeUInt32BE(length, 4);
  return Buffer.concat([preamble, ...entries, ...chunks]);
}

const SHA = ['a'.repeat(64), 'b'.repeat(64)];

describe('rpm_package_files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-rpmfiles-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'rpmdb.sqlite');
  const db = new Database(path);
  // rpm >= 4.16's schema for the Packages table.
  db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
  db.prepare('INSERT INTO Packages (blob) VALUES (?)').run(
    headerBlob([
      { tag: 1000, type: 6, values: ['osprey-hello'] },
      { tag: 1028, type: 4, values: [3, 0] },
      { tag: 1030, type: 3, values: [0o100644, 0o40755] },
      { tag: 1035, type: 8, values: SHA },
      { tag: 1039, type: 8, values: ['root', 'root'] },
      { tag: 1040, type: 8, values: ['root', 'wheel'] },
      { tag: 1116, type: 4, values: [1, 0] },
      { tag: 1117, type: 8, values: ['hello.txt', 'osprey-hello'] },
      { tag: 1118, type: 8, values: ['/opt/', '/opt/osprey-hello/'] },
      { tag: 5011, type: 4, values: [8] },
    ]),
  );
  db.prepare('INSERT INTO Packages (blob) VALUES (?)').run(
    headerBlob([
      { tag: 1000, type: 6, values: ['old-md5'] },
      { tag: 1028, type: 4, values: [10] },
      { tag: 1030, type: 3, values: [0o104755] },
      { tag: 1035, type: 8, values: ['d41d8cd98f00b204e9800998ecf8427e'] },
      { tag: 1039, type: 8, values: ['root'] },
      { tag: 1040, type: 8, values: ['root'] },
      { tag: 1116, type: 4, values: [0] },
      { tag: 1117, type: 8, values: ['tool'] },
      { tag: 1118, type: 8, values: ['/usr/bin/'] },
    ]),
  );
  db.close();

  it('lists each file of each package with its owner, mode, size and SHA-256 digest', () => {
    const skipped: string[] = [];
    assert.deepEqual(
      rpmDatabaseFiles(path, new Set(), (r) => skipped.push(r)),
      [
        {
          package: 'osprey-hello',
          path: '/opt/osprey-hello/hello.txt',
          username: 'root',
          groupname: 'root',
          mode: '0644',
          size: 3,
          sha256: SHA[0],
        },
        {
          package: 'osprey-hello',
          path: '/opt/osprey-hello',
          username: 'root',
          groupname: 'wheel',
          mode: '0755',
          size: 0,
          sha256: SHA[1],
        },
        {
          package: 'old-md5',
          path: '/usr/bin/tool',
          username: 'root',
          groupname: 'root',
          mode: '4755',
          size: 10,
          sha256: '',
        },
      ],
    );
    assert.deepEqual(skipped, []);
  });

  it('reads only the packages a package constraint names', () => {
    assert.deepEqual(
      rpmDatabaseFiles(path, new Set(['old-md5']), () => undefined).map((r) => r.path),
      ['/usr/bin/tool'],
    );
  });
});
