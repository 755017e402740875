import assert from 'node:assert/strict';
import { readFileSync, statfsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { genMounts, parseMounts } from './mounts.js';

function run(used?: string[]): Row[] {
  const columnsUsed = used ? new Set(used) : undefined;
  return [...genMounts(createQueryContext({ table: 'mounts', columnsUsed }))];
}

/** /proc/self/mountinfo, an independent view: mount point (field 5), and after ' - ': type and source. */
function mountinfo(): Array<{ path: string; type: string; device: string }> {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [left = '', right = ''] = line.split(' - ');
      const decode = (s: string): string =>
        s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
      const [type = '', device = ''] = right.split(' ');
      return { path: decode(left.split(' ')[4] ?? ''), type, device: decode(device) };
    });
}

describe('mounts', () => {
  it('decodes getmntent escapes and skips malformed lines', () => {
    const bad: string[] = [];
    const entries = parseMounts('/dev/sda1 /mnt/my\\040disk ext4 rw,relatime 0 0\nshort line\n', (r) => bad.push(r));
    assert.deepEqual(entries, [{ device: '/dev/sda1', path: '/mnt/my disk', type: 'ext4', options: 'rw,relatime' }]);
    assert.equal(bad.length, 1);
  });

  it('lists the same mounts, in the same order, as /proc/self/mountinfo', () => {
    const rows = run();
    assert.deepEqual(
      rows.map((r) => [r.path, r.type, r.device]),
      mountinfo().map((m) => [m.path, m.type, m.device]),
    );
  });

  it('reports statfs counts for the root filesystem', () => {
    const root = run()
      .filter((r) => r.path === '/')
      .at(-1);
    const s = statfsSync('/');
    assert.equal(root?.blocks_size, s.bsize);
    assert.equal(root?.blocks, s.blocks);
    assert.equal(root?.inodes, s.files);
    assert.match(String(root?.flags), /^(rw|ro)/);
  });

  it('does not statfs when no count is read', () => {
    const rows = run(['path', 'type']);
    assert.ok(rows.length > 0 && rows.every((r) => r.blocks === undefined && r.device_alias === undefined));
  });
});
