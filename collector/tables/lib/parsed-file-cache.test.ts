import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ParsedFileCache } from './parsed-file-cache.js';

describe('ParsedFileCache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-parsed-cache-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parses once while the file is unchanged, again after a rewrite by rename, and replays complaints', () => {
    const path = join(dir, 'status');
    writeFileSync(path, 'a\nbad\n');
    let parses = 0;
    const cache = new ParsedFileCache((text, bad) => {
      parses += 1;
      const lines = text.split('\n').filter(Boolean);
      for (const line of lines) if (line === 'bad') bad('a bad line');
      return lines;
    });
    const complaints: string[] = [];
    assert.deepEqual(
      cache.read(path, (r) => complaints.push(r)),
      ['a', 'bad'],
    );
    assert.deepEqual(
      cache.read(path, (r) => complaints.push(r)),
      ['a', 'bad'],
    );
    assert.equal(parses, 1);
    assert.deepEqual(complaints, ['a bad line', 'a bad line']);
    // dpkg's way: write a new file and rename it over the old one (same size here: the inode tells them apart).
    writeFileSync(`${path}-new`, 'b\nbad\n');
    renameSync(`${path}-new`, path);
    assert.deepEqual(
      cache.read(path, () => {}),
      ['b', 'bad'],
    );
    assert.equal(parses, 2);
  });

  it('answers null for a missing file', () => {
    const cache = new ParsedFileCache((text) => text);
    assert.equal(
      cache.read(join(dir, 'missing'), () => {}),
      null,
    );
  });
});
