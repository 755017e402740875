import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { canonicalName, genSystemInfo } from './system_info.js';

describe('system_info', () => {
  it('agrees with hostname, nproc, uname and /proc/meminfo', () => {
    const [row] = genSystemInfo(createQueryContext({ table: 'system_info', services: { hostUuid: () => 'abc' } }));
    assert.equal(row?.computer_name, execFileSync('hostname', { encoding: 'utf8' }).trim());
    assert.equal(row?.cpu_logical_cores, Number(execFileSync('nproc', ['--all'], { encoding: 'utf8' }).trim()));
    assert.equal(row?.cpu_type, execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
    assert.equal(row?.cpu_brand, cpus()[0]?.model.trim());
    const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    assert.equal(row?.physical_memory, memKb * 1024);
    assert.ok(
      Number(row?.cpu_physical_cores) >= 1 && Number(row?.cpu_physical_cores) <= Number(row?.cpu_logical_cores),
    );
    // With no SMBIOS UUID (VMs without DMI) the agent's persisted host UUID is used.
    assert.ok(row?.uuid === 'abc' || /^[0-9a-f-]{36}$/.test(String(row?.uuid)));
  });

  it('takes the canonical name of the host from /etc/hosts', () => {
    const hosts = '127.0.0.1 localhost\n127.0.1.1 web01.example.org web01 # this host\n';
    assert.equal(canonicalName('web01', hosts), 'web01.example.org');
    assert.equal(canonicalName('db02', hosts), 'db02');
  });
});
