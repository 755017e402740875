import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { genSystemControls, isControlName, parseSysctlConf } from './system_controls.js';

const scan = (constraints: Constraint[] = []) =>
  genSystemControls(createQueryContext({ table: 'system_controls', constraints }));

describe('system_controls', () => {
  it('agrees with sysctl -n for named controls', () => {
    for (const name of ['kernel.hostname', 'kernel.osrelease', 'fs.file-max', 'kernel.pid_max']) {
      const [row] = scan([{ column: 'name', op: '=', value: name }]);
      const expected = execFileSync('sysctl', ['-n', name], { encoding: 'utf8' }).trim();
      assert.equal(row?.current_value, expected, name);
      assert.equal(row?.subsystem, name.split('.')[0]);
      assert.equal(row?.type, 'string');
    }
  });

  it('lists the same control names as sysctl -a within a subsystem', () => {
    const ours = new Set(scan([{ column: 'subsystem', op: '=', value: 'kernel' }]).map((r) => r.name));
    const theirs = execFileSync('sysctl', ['-a', '-N'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')
      .filter((n) => n.startsWith('kernel.'));
    // sysctl -a skips write-only controls that osquery (and Osprey) still list without a value.
    const missing = theirs.filter((n) => !ours.has(n));
    assert.deepEqual(missing, []);
  });

  it('answers oid constraints as the full scan filtered by them would: Linux controls have no oid', () => {
    const all = scan([{ column: 'subsystem', op: '=', value: 'net' }]);
    assert.ok(all.length > 0);
    assert.ok(all.every((r) => r.oid === ''));
    assert.deepEqual(scan([{ column: 'oid', op: '=', value: '4.30.41.1' }]), []);
    const empty = scan([
      { column: 'oid', op: '=', value: '' },
      { column: 'subsystem', op: '=', value: 'net' },
    ]);
    assert.equal(empty.length, all.length);
  });

  it('refuses names that would leave /proc/sys', () => {
    assert.deepEqual(scan([{ column: 'name', op: '=', value: '..etc.shadow' }]), []);
    assert.equal(isControlName('kernel/../../etc/shadow'), false);
    assert.equal(isControlName('net.ipv4.ip_forward'), true);
  });

  it('parses sysctl.conf assignments in both key styles', () => {
    const conf = parseSysctlConf('# c\n; c\nnet.ipv4.ip_forward = 1\nkernel/sysrq=0\n-vm.swappiness = 10\n');
    assert.deepEqual(
      [...conf],
      [
        ['net.ipv4.ip_forward', '1'],
        ['kernel.sysrq', '0'],
        ['vm.swappiness', '10'],
      ],
    );
  });
});
