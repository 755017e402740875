import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { decodeNetworkOrderIpv6 } from '../lib/net-address.js';
import { genInterfaceAddresses } from './interface_addresses.js';

interface IpAddr {
  ifname: string;
  addr_info: Array<{
    family: string;
    local: string;
    prefixlen: number;
    broadcast?: string;
    scope?: string;
    address?: string;
  }>;
}

function run(): Row[] {
  return [...genInterfaceAddresses(createQueryContext({ table: 'interface_addresses' }))];
}

describe('interface_addresses', () => {
  it('lists loopback 127.0.0.1/8 and every IPv6 address of /proc/net/if_inet6', () => {
    const rows = run();
    const lo = rows.find((r) => r.interface === 'lo' && r.address === '127.0.0.1');
    assert.equal(lo?.mask, '255.0.0.0');
    assert.equal(lo?.type, 'unknown');
    assert.equal(lo?.broadcast, undefined, 'loopback is not a broadcast interface');
    // glibc's getifaddrs gives lo's IPv4 address a destination (its IFA_ADDRESS); osquery reports it as point_to_point.
    assert.equal(lo?.point_to_point, '127.0.0.1');
    for (const line of readFileSync('/proc/net/if_inet6', 'utf8').trim().split('\n')) {
      const [hex, , prefixHex, , , name] = line.trim().split(/\s+/);
      const plain = decodeNetworkOrderIpv6(hex ?? '');
      // A link-local address (scope 0x20 in if_inet6) is printed with its interface, as getnameinfo does.
      const address = line.trim().split(/\s+/)[3] === '20' ? `${plain}%${name}` : plain;
      const row = rows.find((r) => r.interface === name && r.address === address);
      assert.ok(row, `${address} on ${name} is listed`);
      const prefix = Number.parseInt(prefixHex ?? '0', 16);
      const maskBits = String(row.mask)
        .split(':')
        .filter(Boolean)
        .reduce((n, w) => n + Number.parseInt(w, 16).toString(2).replace(/0/g, '').length, 0);
      assert.equal(maskBits, prefix, `mask of ${address}`);
    }
  });

  it('agrees with ip -j addr on addresses, prefixes and IPv4 broadcasts', (t) => {
    const ip = spawnSync('ip', ['-j', 'addr'], { encoding: 'utf8' });
    if (ip.error) return t.skip('ip (iproute2) is not installed: cross-check skipped');
    const links = JSON.parse(ip.stdout) as IpAddr[];
    const rows = run();
    const expected = links.flatMap((l) => l.addr_info.map((a) => ({ ...a, ifname: l.ifname })));
    assert.equal(rows.length, expected.length);
    for (const a of expected) {
      const scoped = a.family === 'inet6' && a.scope === 'link' ? `${a.local}%${a.ifname}` : a.local;
      const row = rows.find((r) => r.interface === a.ifname && r.address === scoped);
      assert.ok(row, `${scoped} on ${a.ifname}`);
      if (a.family === 'inet') assert.equal(row.broadcast, a.broadcast, `broadcast of ${a.local}`);
      // ip shows a configured peer as `address`; without one the destination is the local address.
      if (a.family === 'inet' && a.broadcast === undefined) assert.equal(row.point_to_point, a.address ?? a.local);
    }
  });
});
