import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genArpCache, parseArp } from './arp_cache.js';

describe('arp_cache', () => {
  it('parses /proc/net/arp lines, marks ATF_PERM entries permanent and skips malformed lines', () => {
    const bad: string[] = [];
    const rows = parseArp(
      'IP address       HW type     Flags       HW address            Mask     Device\n' +
        '192.0.2.1        0x1         0x2         02:fc:00:00:00:05     *        eth0\n' +
        '192.0.2.9        0x1         0x6         02:fc:00:00:00:09     *        eth0\n' +
        'broken line\n',
      (r) => bad.push(r),
    );
    assert.deepEqual(rows, [
      { address: '192.0.2.1', mac: '02:fc:00:00:00:05', interface: 'eth0', permanent: '0' },
      { address: '192.0.2.9', mac: '02:fc:00:00:00:09', interface: 'eth0', permanent: '1' },
    ]);
    assert.equal(bad.length, 1);
  });

  it('agrees with ip -4 neigh on the machine', (t) => {
    const ip = spawnSync('ip', ['-4', '-j', 'neigh'], { encoding: 'utf8' });
    if (ip.error) return t.skip('ip (iproute2) is not installed: cross-check skipped');
    const rows = [...genArpCache(createQueryContext({ table: 'arp_cache' }))];
    const neighbours = (
      JSON.parse(ip.stdout) as Array<{ dst: string; dev: string; lladdr?: string; state: string[] }>
    ).filter((n) => n.lladdr !== undefined);
    for (const n of neighbours) {
      const row = rows.find((r) => r.address === n.dst && r.interface === n.dev);
      assert.ok(row, `${n.dst} on ${n.dev}`);
      assert.equal(row.mac, n.lladdr);
      assert.equal(row.permanent, n.state.includes('PERMANENT') ? '1' : '0');
    }
  });
});
