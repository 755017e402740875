import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';

describe('system tables through SQL', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('answers the inventory queries fleets schedule', () => {
    const [os] = engine.queryRows('SELECT name, major, platform, arch FROM os_version');
    assert.equal(os?.platform, /^ID=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]?.replace(/"/g, ''));
    const [kernel] = engine.queryRows('SELECT version FROM kernel_info');
    assert.equal(kernel?.version, execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    const [info] = engine.queryRows('SELECT hostname, cpu_logical_cores, physical_memory FROM system_info');
    assert.equal(info?.cpu_logical_cores, Number(execFileSync('nproc', ['--all'], { encoding: 'utf8' })));
    const [up] = engine.queryRows('SELECT total_seconds FROM uptime');
    assert.ok(Number(up?.total_seconds) > 0);
  });

  it('filters system_controls by name through the engine', () => {
    const rows = engine.queryRows("SELECT name, current_value FROM system_controls WHERE name = 'kernel.ostype'");
    assert.deepEqual(rows, [{ name: 'kernel.ostype', current_value: 'Linux' }]);
  });

  it('computes on memory and cpu tables in SQL', () => {
    const [mem] = engine.queryRows('SELECT memory_total - memory_free AS used, memory_total FROM memory_info');
    assert.ok(Number(mem?.used) > 0 && Number(mem?.used) < Number(mem?.memory_total));
    const [cores] = engine.queryRows('SELECT count(*) AS n FROM cpu_time');
    assert.equal(cores?.n, Number(execFileSync('nproc', ['--all'], { encoding: 'utf8' })));
    const suid = engine.queryRows("SELECT path FROM suid_bin WHERE permissions LIKE '%S%' AND path LIKE '/usr/bin/%'");
    assert.ok(suid.some((r) => r.path === '/usr/bin/passwd' || r.path === '/usr/bin/su'));
  });
});
