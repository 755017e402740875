import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genInterfaceIpv6 } from './interface_ipv6.js';

const ctx = () => createQueryContext({ table: 'interface_ipv6' });

describe('interface_ipv6', () => {
  it('gives each interface the kernel settings read by hand from /proc', () => {
    const conf = '/proc/sys/net/ipv6/conf';
    const rows = genInterfaceIpv6(ctx());
    const expected = readdirSync(conf)
      .filter((n) => n !== 'all' && n !== 'default')
      .sort();
    assert.deepEqual(
      rows.map((r) => r.interface),
      expected,
    );
    const lo = rows.find((r) => r.interface === 'lo');
    const read = (file: string): number => Number(readFileSync(`${conf}/lo/${file}`, 'utf8'));
    assert.deepEqual(
      [lo?.hop_limit, lo?.forwarding_enabled, lo?.redirect_accept, lo?.rtadv_accept],
      [read('hop_limit'), read('forwarding'), read('accept_redirects'), read('accept_ra')],
    );
  });

  it('leaves out the all/default templates and reads a fixture tree', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-ipv6-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    for (const name of ['all', 'default', 'eth0']) {
      mkdirSync(join(dir, name));
      for (const [file, value] of [
        ['hop_limit', '64'],
        ['forwarding', '1'],
        ['accept_redirects', '0'],
        ['accept_ra', '2'],
      ]) {
        writeFileSync(join(dir, name, file as string), `${value as string}\n`);
      }
    }
    assert.deepEqual(genInterfaceIpv6(ctx(), dir), [
      { interface: 'eth0', hop_limit: 64, forwarding_enabled: 1, redirect_accept: 0, rtadv_accept: 2 },
    ]);
  });

  it('answers no rows when the kernel has no IPv6', () => {
    assert.deepEqual(genInterfaceIpv6(ctx(), '/nonexistent/ipv6/conf'), []);
  });
});
