/**
 * `pci_devices` (osquery's Linux genPCIDevices): one row per /sys/bus/pci/devices entry, from the same uevent keys
 * udev hands osquery (PCI_SLOT_NAME, PCI_ID, PCI_SUBSYS_ID, PCI_CLASS, DRIVER), with names from pci.ids.
 *
 * osquery takes the class and subclass names from udev's hwdb, which is generated from pci.ids' class section;
 * here they are read from that section directly, so no udev daemon is needed. Unlike osquery, which returns no
 * rows when pci.ids is missing, devices are still listed then, with empty names.
 */
import { join } from 'node:path';
import type { Row } from '../../engine/spec.js';
import { type HwIds, loadHwIds } from './hwids.js';
import { entries, uevent } from './sysfs.js';

export const PCI_DEVICES_DIR = '/sys/bus/pci/devices';
export const PCI_IDS_PATHS = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids', '/usr/share/pci.ids'];

/** "8086:0D57" → ["8086", "0d57"]; undefined unless exactly one colon separates two ids. */
function splitIds(value: string | undefined): [string, string] | undefined {
  const parts = (value ?? '').toLowerCase().split(':');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== ''
    ? [parts[0] as string, parts[1] as string]
    : undefined;
}

/** PCI_CLASS is the 24-bit class code in hex without leading zeros: class, subclass, programming interface. */
function classIds(pciClass: string | undefined): [string, string] | undefined {
  const code = (pciClass ?? '').toLowerCase();
  if (code.length === 5) return [`0${code.slice(0, 1)}`, code.slice(1, 3)];
  if (code.length === 6) return [code.slice(0, 2), code.slice(2, 4)];
  return undefined;
}

export function pciDeviceRow(dir: string, ids: HwIds | undefined): Row {
  const ev = uevent(dir);
  const row: Row = {
    pci_slot: ev.get('PCI_SLOT_NAME') ?? '',
    pci_class: '',
    driver: ev.get('DRIVER') ?? '',
    vendor: '',
    vendor_id: '0',
    model: '',
    model_id: '0',
    pci_class_id: null,
    pci_subclass_id: null,
    pci_subclass: '',
    subsystem_vendor_id: null,
    subsystem_vendor: null,
    subsystem_model_id: null,
    subsystem_model: null,
  };
  const classes = classIds(ev.get('PCI_CLASS'));
  if (classes !== undefined) {
    const klass = ids?.classes.get(classes[0]);
    Object.assign(row, {
      pci_class_id: `0x${classes[0]}`,
      pci_subclass_id: `0x${classes[1]}`,
      pci_class: klass?.name ?? '',
      pci_subclass: klass?.subclasses.get(classes[1])?.name ?? '',
    });
  }
  const device = splitIds(ev.get('PCI_ID'));
  if (device === undefined) return row;
  const [vendorId, modelId] = device;
  const vendor = ids?.vendors.get(vendorId);
  const model = vendor?.devices.get(modelId);
  Object.assign(row, {
    vendor_id: `0x${vendorId}`,
    model_id: `0x${modelId}`,
    vendor: vendor?.name ?? '',
    model: model?.name ?? '',
  });
  const subsystem = splitIds(ev.get('PCI_SUBSYS_ID'));
  if (subsystem === undefined) return row;
  const [subVendorId, subModelId] = subsystem;
  Object.assign(row, {
    subsystem_vendor_id: `0x${subVendorId}`,
    subsystem_model_id: `0x${subModelId}`,
    subsystem_vendor: ids?.vendors.get(subVendorId)?.name ?? null,
    subsystem_model: model?.subsystems.get(`${subVendorId} ${subModelId}`) ?? null,
  });
  return row;
}

export function pciDeviceRows(devicesDir: string, ids: HwIds | undefined): Row[] {
  return entries(devicesDir).map((name) => pciDeviceRow(join(devicesDir, name), ids));
}

export function genPciDevices(): Row[] {
  return pciDeviceRows(PCI_DEVICES_DIR, loadHwIds(PCI_IDS_PATHS));
}
