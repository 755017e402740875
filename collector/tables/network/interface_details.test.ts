import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { genInterfaceDetails } from './interface_details.js';

const FLAG_BITS: Record<string, number> = {
  UP: 0x1,
  BROADCAST: 0x2,
  LOOPBACK: 0x8,
  NOARP: 0x80,
  MULTICAST: 0x1000,
  LOWER_UP: 0x10000,
};

function run(used?: string[]): Row[] {
  const columnsUsed = used ? new Set(used) : undefined;
  return [...genInterfaceDetails(createQueryContext({ table: 'interface_details', columnsUsed }))];
}

describe('interface_details', () => {
  it('has one row per /sys/class/net entry with its MTU, MAC and counters', () => {
    const rows = run();
    assert.deepEqual(rows.map((r) => r.interface).sort(), readdirSync('/sys/class/net').sort());
    const lo = rows.find((r) => r.interface === 'lo');
    assert.equal(lo?.mtu, Number(readFileSync('/sys/class/net/lo/mtu', 'utf8')));
    assert.equal(lo?.type, 772 & 0xff, "ARPHRD_LOOPBACK through osquery's unsigned char");
    assert.equal(lo?.mac, '00:00:00:00:00:00');
    assert.equal(Number(lo?.flags) & 0x8, 0x8, 'IFF_LOOPBACK');
    assert.equal(lo?.last_change, -1);
    assert.ok(Number(lo?.ipackets) >= 0 && Number(lo?.obytes) >= 0);
  });

  it('skips counters the query does not read', () => {
    const rows = run(['interface', 'mtu']);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.ibytes === undefined && r.link_speed === undefined));
  });

  it('agrees with ip -j link on MAC, MTU and flags', (t) => {
    const ip = spawnSync('ip', ['-j', 'link'], { encoding: 'utf8' });
    if (ip.error) return t.skip('ip (iproute2) is not installed: cross-check skipped');
    const links = JSON.parse(ip.stdout) as Array<{ ifname: string; mtu: number; address: string; flags: string[] }>;
    const rows = run();
    for (const link of links) {
      const row = rows.find((r) => r.interface === link.ifname);
      assert.ok(row, link.ifname);
      assert.equal(row.mtu, link.mtu);
      assert.equal(row.mac, link.address);
      for (const [name, bit] of Object.entries(FLAG_BITS)) {
        assert.equal((Number(row.flags) & bit) !== 0, link.flags.includes(name), `${link.ifname} ${name}`);
      }
    }
  });

  it("gives pci_slot as ethtool's bus-info: the parent device from ip -d link, a virtio NIC's PCI function, else ''", (t) => {
    const ip = spawnSync('ip', ['-d', '-j', 'link'], { encoding: 'utf8' });
    if (ip.error) return t.skip('ip (iproute2) is not installed: cross-check skipped');
    const links = JSON.parse(ip.stdout) as Array<{ ifname: string; parentbus?: string; parentdev?: string }>;
    const rows = run(['interface', 'pci_slot']);
    for (const link of links) {
      let expected = link.parentdev ?? '';
      if (link.parentbus === 'virtio') {
        // virtio_net's get_drvinfo reports the virtio device's parent (the PCI function) as bus_info.
        const device = spawnSync('readlink', ['-f', `/sys/class/net/${link.ifname}/device`], {
          encoding: 'utf8',
        }).stdout.trim();
        expected = device.split('/').at(-2) ?? '';
      }
      assert.equal(rows.find((r) => r.interface === link.ifname)?.pci_slot, expected, link.ifname);
    }
  });
});
