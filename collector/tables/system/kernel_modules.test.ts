import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import { genKernelModules } from './kernel_modules.js';

describe('kernel_modules', () => {
  it('parses /proc/modules lines and counts malformed ones', () => {
    const skipped: string[] = [];
    const ctx = createQueryContext({ table: 'kernel_modules', errors: { skip: (r) => skipped.push(r) } });
    const rows = genKernelModules(ctx, fromRoot('collector/tables/system/fixtures/modules.txt'));
    assert.deepEqual(rows[1], {
      name: 'nfnetlink',
      size: 20480,
      used_by: 'nf_tables',
      status: 'Live',
      address: '0xffffffffc0a95000',
    });
    assert.equal(rows[4]?.used_by, 'kvm,kvm_amd');
    assert.equal(rows[0]?.used_by, '-');
    assert.equal(rows.length, 5);
    assert.equal(skipped.length, 1);
  });

  it('matches this host /proc/modules, or returns nothing when the kernel has no modules', () => {
    const rows = genKernelModules(createQueryContext({ table: 'kernel_modules' }));
    if (!existsSync('/proc/modules')) {
      assert.deepEqual(rows, []);
      return;
    }
    const names = readFileSync('/proc/modules', 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[0]);
    assert.deepEqual(
      rows.map((r) => r.name),
      names,
    );
  });
});
