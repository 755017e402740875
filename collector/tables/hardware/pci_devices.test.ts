import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { requireCommand } from '../../../test/helpers/system-tools.js';
import { loadHwIds } from './hwids.js';
import { genPciDevices, PCI_IDS_PATHS, pciDeviceRows } from './pci_devices.js';

const FIXTURES = fromRoot('collector/tables/hardware/fixtures');

/** `lspci -vmm -nn -k -D` records: "Name [id]" values split into name and id. */
function lspci(): Array<Map<string, string>> {
  const text = execFileSync(requireCommand('lspci', 'pciutils'), ['-vmm', '-nn', '-k', '-D'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return text
    .trim()
    .split(/\n\n+/)
    .map((block) => new Map(block.split('\n').map((line) => line.split(':\t', 2) as [string, string])));
}
const split = (value: string | undefined): [string, string] => {
  const m = /^(.*) \[([0-9a-f]+)\]$/.exec(value ?? '');
  return [m?.[1] ?? '', m?.[2] ?? ''];
};

describe('pci_devices', () => {
  it('agrees with lspci on this machine (slots, ids, names from pci.ids, class, driver)', () => {
    const rows = genPciDevices();
    const devices = lspci();
    assert.equal(rows.length, devices.length);
    assert.ok(loadHwIds(PCI_IDS_PATHS), 'pci.ids is installed here');
    rows.forEach((row, i) => {
      const d = devices[i] as Map<string, string>;
      assert.equal(row.pci_slot, d.get('Slot'));
      const [vendor, vendorId] = split(d.get('Vendor'));
      const [model, modelId] = split(d.get('Device'));
      const [subclass, classCode] = split(d.get('Class'));
      assert.equal(row.vendor_id, `0x${vendorId}`);
      assert.equal(row.vendor, vendor);
      assert.equal(row.model_id, `0x${modelId}`);
      // lspci names an unknown device "Device"; osquery leaves it empty.
      assert.equal(row.model, model === 'Device' ? '' : model);
      assert.equal(`${String(row.pci_class_id).slice(2)}${String(row.pci_subclass_id).slice(2)}`, classCode);
      assert.equal(row.pci_subclass === '' ? row.pci_class : row.pci_subclass, subclass);
      assert.equal(row.driver, d.get('Driver') ?? '');
      const [subVendor, subVendorId] = split(d.get('SVendor'));
      if (subVendorId !== '') {
        assert.equal(row.subsystem_vendor_id, `0x${subVendorId}`);
        assert.equal(row.subsystem_vendor, subVendor);
      }
    });
  });

  it('reads the sysfs layout of a QEMU e1000 with its subsystem name from pci.ids', () => {
    const ids = loadHwIds([`${FIXTURES}/pci.ids`]);
    const [bridge, nic] = pciDeviceRows(`${FIXTURES}/sys-pci`, ids);
    assert.deepEqual(nic, {
      pci_slot: '0000:00:03.0',
      pci_class: 'Network controller',
      driver: 'e1000',
      vendor: 'Intel Corporation',
      vendor_id: '0x8086',
      model: '82540EM Gigabit Ethernet Controller',
      model_id: '0x100e',
      pci_class_id: '0x02',
      pci_subclass_id: '0x00',
      pci_subclass: 'Ethernet controller',
      subsystem_vendor_id: '0x1af4',
      subsystem_vendor: 'Red Hat, Inc.',
      subsystem_model_id: '0x1100',
      subsystem_model: 'QEMU Virtual Machine',
    });
    // A device pci.ids does not know keeps its ids and has empty names; an unbound device has no driver.
    assert.equal(bridge?.model_id, '0x1237');
    assert.equal(bridge?.model, '');
    assert.equal(bridge?.driver, '');
    assert.equal(bridge?.pci_subclass, 'Host bridge');
  });

  it('lists devices without names when no pci.ids exists, and nothing without the bus', () => {
    const [, nic] = pciDeviceRows(`${FIXTURES}/sys-pci`, undefined);
    assert.equal(nic?.vendor_id, '0x8086');
    assert.equal(nic?.vendor, '');
    assert.deepEqual(pciDeviceRows(`${FIXTURES}/absent`, undefined), []);
  });
});
