import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { genMagic } from './magic.js';

function magic(path: string): Row | undefined {
  return [
    ...genMagic(createQueryContext({ table: 'magic', constraints: [{ column: 'path', op: '=', value: path }] })),
  ][0];
}

function file(args: string[], path: string): string | null {
  const out = spawnSync('file', ['-b', ...args, path], { encoding: 'utf8' });
  return out.error || out.status !== 0 ? null : out.stdout.trim();
}

describe('magic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-magic-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const png = Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d49484452000000030000000208060000000000000000', 'hex'),
  ]);
  const samples: Record<string, Buffer | string> = {
    empty: '',
    'script.sh': '#!/bin/sh\necho hi\n',
    'tool.py': '#!/usr/bin/env python3\nprint(1)\n',
    'notes.txt': 'plain ascii\n',
    'unicode.txt': 'héllo wörld\n',
    'data.json': '{"a": [1, 2]}\n',
    'image.png': png,
    'image.gif': Buffer.from('474946383961030002000000', 'hex'),
    'doc.pdf': '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n',
    'blob.gz': gzipSync('hello'),
    'random.bin': Buffer.concat([Buffer.from([0, 1, 2, 3, 0xfe]), deflateSync('x')]),
  };
  for (const [name, content] of Object.entries(samples)) writeFileSync(join(dir, name), content);

  it("reports the same MIME type as file(1) for common formats and this machine's binaries", (t) => {
    const paths = [...Object.keys(samples).map((n) => join(dir, n)), '/bin/ls', process.execPath, dir];
    if (file(['--mime-type'], '/bin/ls') === null) return t.skip('file(1) is not installed: cross-check skipped');
    for (const path of paths) {
      const row = magic(path);
      assert.equal(row?.mime_type, file(['--mime-type'], path), `mime type of ${path}`);
      const description = file([], path) ?? '';
      assert.ok(description.startsWith(String(row?.data)), `"${description}" starts with "${String(row?.data)}"`);
    }
  });

  it('reports the text encoding as file(1) does', (t) => {
    if (file(['--mime-encoding'], '/bin/ls') === null) return t.skip('file(1) is not installed: cross-check skipped');
    for (const name of ['script.sh', 'notes.txt', 'unicode.txt', 'data.json', 'image.png']) {
      assert.equal(magic(join(dir, name))?.mime_encoding, file(['--mime-encoding'], join(dir, name)), name);
    }
  });

  it('skips a path that does not exist', () => {
    const skipped: string[] = [];
    const ctx = createQueryContext({
      table: 'magic',
      constraints: [{ column: 'path', op: '=', value: join(dir, 'missing') }],
      errors: { skip: (r) => skipped.push(r) },
    });
    assert.deepEqual([...genMagic(ctx)], []);
    assert.equal(skipped.length, 1);
  });
});
