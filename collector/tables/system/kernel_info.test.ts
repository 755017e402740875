import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { genKernelInfo, parseKernelCmdline } from './kernel_info.js';

describe('kernel_info', () => {
  it('reports the running kernel release and boot arguments', () => {
    const [row] = genKernelInfo();
    assert.equal(row?.version, execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    const words = readFileSync('/proc/cmdline', 'utf8').trim().split(/\s+/);
    const rest = words.filter((w) => !w.startsWith('BOOT_IMAGE=') && !w.startsWith('root='));
    assert.equal(row?.arguments, rest.join(' '));
  });

  it('takes the image path and root device out of the arguments', () => {
    assert.deepEqual(parseKernelCmdline('BOOT_IMAGE=/vmlinuz-6.1.0-13-amd64 root=UUID=1234 ro quiet'), {
      path: '/vmlinuz-6.1.0-13-amd64',
      device: 'UUID=1234',
      arguments: 'ro quiet',
    });
  });
});
