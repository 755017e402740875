/**
 * `usb_devices` (osquery's Linux genUSBDevices): one row per USB device (DEVTYPE=usb_device, root hubs included,
 * interfaces not) under /sys/bus/usb/devices, with the values udev would give osquery: bus and device numbers from
 * uevent, ids and release from idVendor/idProduct/bcdDevice, class/subclass/protocol from uevent TYPE, names from
 * usb.ids (ID_*_FROM_DATABASE), else the device's own product string with blanks as '_' (udev's ID_MODEL).
 *
 * `removable` follows the kernel's attribute: 1 removable, 0 fixed, -1 unknown. (osquery reports 1 for anything
 * but "unknown"; the spec's "1 if removable else 0" is kept here.)
 */
import { join } from 'node:path';
import type { Row } from '../../engine/spec.js';
import { type HwIds, loadHwIds } from './hwids.js';
import { attribute, entries, uevent } from './sysfs.js';

export const USB_DEVICES_DIR = '/sys/bus/usb/devices';
export const USB_IDS_PATHS = ['/usr/share/misc/usb.ids', '/usr/share/hwdata/usb.ids', '/usr/share/usb.ids'];

/** udev's property encoding of a string attribute: trimmed, inner whitespace runs as '_'. */
function udevString(value: string | undefined): string {
  return (value ?? '').trim().replace(/\s+/g, '_');
}

function removable(value: string | undefined): number {
  if (value === 'removable') return 1;
  if (value === 'fixed') return 0;
  return -1;
}

export function usbDeviceRow(dir: string, ids: HwIds | undefined): Row | undefined {
  const ev = uevent(dir);
  const bus = Number.parseInt(ev.get('BUSNUM') ?? '', 10);
  const device = Number.parseInt(ev.get('DEVNUM') ?? '', 10);
  if (ev.get('DEVTYPE') !== 'usb_device' || !Number.isFinite(bus) || !Number.isFinite(device)) return undefined;
  const vendorId = (attribute(dir, 'idVendor') ?? '').toLowerCase();
  const modelId = (attribute(dir, 'idProduct') ?? '').toLowerCase();
  const vendor = ids?.vendors.get(vendorId);
  const [klass = '', subclass = '', protocol = ''] = (ev.get('TYPE') ?? '').split('/');
  const classOk = (ev.get('TYPE') ?? '').split('/').length === 3;
  return {
    usb_address: bus,
    usb_port: device,
    vendor: vendor?.name ?? udevString(attribute(dir, 'manufacturer')),
    vendor_id: vendorId,
    version: attribute(dir, 'bcdDevice') ?? '',
    model: vendor?.devices.get(modelId)?.name ?? udevString(attribute(dir, 'product')),
    model_id: modelId,
    serial: udevString(attribute(dir, 'serial')),
    class: classOk ? klass : '',
    subclass: classOk ? subclass : '',
    protocol: classOk ? protocol : '',
    removable: removable(attribute(dir, 'removable')),
  };
}

export function usbDeviceRows(devicesDir: string, ids: HwIds | undefined): Row[] {
  const rows: Row[] = [];
  for (const name of entries(devicesDir)) {
    const row = usbDeviceRow(join(devicesDir, name), ids);
    if (row !== undefined) rows.push(row);
  }
  return rows;
}

export function genUsbDevices(): Row[] {
  return usbDeviceRows(USB_DEVICES_DIR, loadHwIds(USB_IDS_PATHS));
}
