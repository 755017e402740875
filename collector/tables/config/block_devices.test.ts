import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { probeFilesystem } from '../lib/fs-probe.js';
import { genBlockDevices } from './block_devices.js';

function run(constraints: Constraint[] = []): Row[] {
  return [...genBlockDevices(createQueryContext({ table: 'block_devices', constraints }))];
}

describe('block_devices', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-blk-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('agrees with lsblk -a on devices and sizes', (t) => {
    const lsblk = spawnSync('lsblk', ['-a', '-J', '-b', '-o', 'KNAME,SIZE'], { encoding: 'utf8' });
    if (lsblk.error) return t.skip('lsblk is not installed: cross-check skipped');
    const devices = (JSON.parse(lsblk.stdout) as { blockdevices: Array<{ kname: string; size: number | string }> })
      .blockdevices;
    const rows = run();
    for (const d of devices) {
      const row = rows.find((r) => r.name === `/dev/${d.kname}`);
      assert.ok(row, `${d.kname} is listed`);
      assert.equal(Number(row.size) * 512, Number(d.size), `size of ${d.kname}`);
      assert.ok(Number(row.block_size) >= 512);
    }
  });

  it('honours the name index', () => {
    const all = run();
    const first = all[0];
    if (!first) return;
    const one = run([{ column: 'name', op: '=', value: String(first.name) }]);
    assert.deepEqual(
      one.map((r) => r.name),
      [first.name],
    );
  });

  for (const [tool, args, type] of [
    ['mkfs.ext4', ['-q', '-F', '-L', 'ospreylabel', '-U', '0d6c3f2e-8f3b-4f7e-9a51-2b7c1e9d4a10'], 'ext4'],
    ['mkswap', ['-L', 'ospreyswap', '-U', '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c'], 'swap'],
  ] as const) {
    it(`identifies a ${type} superblock as blkid does`, (t) => {
      const image = join(dir, `${type}.img`);
      writeFileSync(image, Buffer.alloc(8 * 1024 * 1024));
      const made = spawnSync(tool, [...args, image], { encoding: 'utf8' });
      if (made.error) return t.skip(`${tool} is not installed`);
      assert.equal(made.status, 0, made.stderr);
      const id = probeFilesystem(image);
      assert.deepEqual(id, { type, uuid: args[args.indexOf('-U') + 1], label: args[args.indexOf('-L') + 1] });
      const blkid = spawnSync('blkid', ['-o', 'export', image], { encoding: 'utf8' });
      if (!blkid.error && blkid.status === 0) assert.match(blkid.stdout, new RegExp(`^TYPE=${type}$`, 'm'));
    });
  }

  it('reports no filesystem for a zeroed image', () => {
    const image = join(dir, 'zero.img');
    writeFileSync(image, Buffer.alloc(128 * 1024));
    assert.equal(probeFilesystem(image), null);
  });
});
