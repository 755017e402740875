import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { genKernelKeys, kernelKeyRows } from './kernel_keys.js';

describe('kernel_keys', () => {
  it('parses /proc/keys lines as osquery does', () => {
    const text = readFileSync(fromRoot('collector/tables/hardware/fixtures/proc-keys.txt'), 'utf8');
    const rows = kernelKeyRows(`${text}2a9b3c4d I--Q---     1 perm 3f010000  1000  1000 user      api token: 12\n`);
    assert.deepEqual(rows[0], {
      serial_number: '03781da2',
      flags: 'I--Q---',
      usage: 2,
      timeout: 'perm',
      permissions: '1f3f0000',
      uid: 0,
      gid: 65534,
      type: 'keyring',
      description: '_uid.0:empty',
    });
    assert.equal(rows.find((r) => r.serial_number === '16285e29')?.description, '.builtin_trusted_keys:empty');
    // A description with a blank gives 11 fields: osquery drops the line.
    assert.equal(rows.length, 6);
  });

  it('lists the keys another reader of /proc/keys sees on this machine', () => {
    const fromCat = execFileSync('cat', ['/proc/keys'], { encoding: 'utf8' });
    const theirs = new Set(
      fromCat
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => l.split(' ')[0]),
    );
    const ours = genKernelKeys();
    assert.ok(ours.length > 0);
    // Keys come and go (session keyrings of other processes), so each row only has to be one cat also saw.
    for (const row of ours) assert.ok(theirs.has(String(row.serial_number)), String(row.serial_number));
  });
});
