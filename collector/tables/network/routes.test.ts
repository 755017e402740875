import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { parseFibTrieLocal, parseIpv6Route, parseProcRoute } from './route-sources.js';
import { parseRouteMessage } from './netlink-routes.js';
import { genRoutes } from './routes.js';

interface IpRoute {
  type?: string;
  dst: string;
  gateway?: string;
  prefsrc?: string;
  dev?: string;
  metric?: number;
}

function run(): Row[] {
  return [...genRoutes(createQueryContext({ table: 'routes' }))];
}

describe('routes', () => {
  it('parses /proc/net/route lines (host byte order) and skips malformed ones', () => {
    const bad: string[] = [];
    const text =
      'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n' +
      'eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n' +
      'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t1500\t0\t0\n' +
      'garbage\n';
    const routes = parseProcRoute(text, (r) => bad.push(r));
    assert.deepEqual(
      routes.map((r) => [r.destination, r.prefix, r.gateway, r.metric, r.mtu]),
      [
        ['0.0.0.0', 0, '192.0.2.1', 100, 0],
        ['192.0.2.0', 24, undefined, 0, 1500],
      ],
    );
    assert.equal(bad.length, 1);
  });

  it('parses IPv6 routes and LOCAL/BROADCAST fib_trie leaves', () => {
    const v6 = parseIpv6Route(
      'fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth0\n' +
        '00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001 lo\n' +
        '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo\n',
      () => assert.fail('no bad lines'),
    );
    assert.deepEqual(
      v6.map((r) => [r.destination, r.prefix, r.metric, r.type]),
      [
        ['fe80::', 64, 256, 'gateway'],
        ['::1', 128, 0, 'local'],
      ],
    );
    const trie = parseFibTrieLocal(
      'Local:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 127.0.0.1\n        /32 host LOCAL\n     |-- 127.255.255.255\n        /32 link BROADCAST\n',
    );
    assert.deepEqual(trie, [
      { destination: '127.0.0.1', prefix: 32, type: 'local' },
      { destination: '127.255.255.255', prefix: 32, type: 'broadcast' },
    ]);
  });

  it("reports the machine's loopback local route and one row per /proc/net/route entry", () => {
    const rows = run();
    const lo = rows.find((r) => r.destination === '127.0.0.1' && r.type === 'local');
    assert.deepEqual([lo?.interface, lo?.netmask, lo?.source], ['lo', 0, '127.0.0.1']);
    const mainCount = readFileSync('/proc/net/route', 'utf8').trim().split('\n').length - 1;
    // Unicast IPv4 routes of the main table (the netlink dump adds other tables' routes, none on a plain host).
    assert.ok(rows.filter((r) => r.type === 'gateway' && String(r.destination).includes('.')).length >= mainCount);
  });

  it('agrees with ip route show table all on unicast, local and broadcast routes', (t) => {
    const ip = spawnSync('ip', ['-j', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
    const ip6 = spawnSync('ip', ['-j', '-6', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
    if (ip.error || ip6.error) return t.skip('ip (iproute2) is not installed: cross-check skipped');
    const rows = run();
    const expected = [...(JSON.parse(ip.stdout) as IpRoute[]), ...(JSON.parse(ip6.stdout) as IpRoute[])];
    for (const route of expected) {
      const type = route.type === undefined || route.type === 'unicast' ? 'gateway' : route.type;
      if (!['gateway', 'local', 'broadcast'].includes(type)) continue;
      const dst = route.dst === 'default' ? (route.gateway?.includes(':') ? '::' : '0.0.0.0') : route.dst.split('/')[0];
      const row = rows.find((r) => r.destination === dst && r.type === type && r.interface === route.dev);
      assert.ok(row, `route ${JSON.stringify(route)} is listed`);
      if (route.gateway) assert.equal(row.gateway, route.gateway);
      if (route.metric !== undefined) assert.equal(row.metric, route.metric);
      // The preferred source comes from netlink's RTA_PREFSRC, as osquery reads it (main-table routes included).
      assert.equal(row.source, route.prefsrc, `source of ${JSON.stringify(route)}`);
    }
  });

  it('reads an RTM_NEWROUTE message: destination, interface, preferred source, MTU and hop limit metrics', () => {
    const attr = (type: number, data: Buffer): Buffer => {
      const header = Buffer.alloc(4);
      header.writeUInt16LE(4 + data.length, 0);
      header.writeUInt16LE(type, 2);
      return Buffer.concat([header, data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    };
    const u32 = (n: number): Buffer => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n, 0);
      return b;
    };
    // rtmsg: AF_INET, dst_len 24, src_len 0, tos 0, table 254 (main), protocol 4, scope 0, type 1 (unicast), flags.
    const rtmsg = Buffer.from([2, 24, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]);
    const message = Buffer.concat([
      rtmsg,
      attr(1, Buffer.from([10, 1, 2, 0])),
      attr(4, u32(7)),
      attr(7, Buffer.from([10, 1, 2, 3])),
      attr(6, u32(100)),
      attr(8, Buffer.concat([attr(2, u32(1400)), attr(10, u32(64))])),
    ]);
    assert.deepEqual(parseRouteMessage(message, new Map([[7, 'wg0']])), {
      family: 4,
      destination: '10.1.2.0',
      prefix: 24,
      gateway: undefined,
      interface: 'wg0',
      metric: 100,
      mtu: 1400,
      type: 'gateway',
      source: '10.1.2.3',
      flags: 0,
      hopcount: 64,
    });
  });
});
