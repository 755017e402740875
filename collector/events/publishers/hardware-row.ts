/**
 * hardware_events rows from uevents, as osquery's HardwareEventSubscriber filters and fills them: a device event
 * needs a DEVTYPE, a device node or a driver, and a node or a hwdb model name; types named in
 * --hardware_disabled_types (default `partition`) are left out.
 */
import type { Row } from '../../engine/spec.js';
import type { Uevent } from '../kernel/uevent.js';

/** osquery tests `FLAGS_hardware_disabled_types.find(type)`: a substring of the flag's text disables a type. */
export function typeDisabled(disabledTypes: string, type: string): boolean {
  return disabledTypes.includes(type);
}

/**
 * USB and PCI ids from the kernel's own properties, for events read without udevd (which would add ID_VENDOR_ID,
 * ID_MODEL_ID and ID_REVISION): USB `PRODUCT=46d/c52b/1211` (hex, unpadded), PCI `PCI_ID=8086:100E`.
 */
function kernelIds(event: Uevent): { vendor: string; model: string; revision: string } {
  const usb = /^([0-9a-f]+)\/([0-9a-f]+)\/([0-9a-f]+)$/i.exec(event.get('PRODUCT') ?? '');
  if (usb !== null) {
    const pad = (hex: string | undefined): string => (hex ?? '').toLowerCase().padStart(4, '0');
    return { vendor: pad(usb[1]), model: pad(usb[2]), revision: pad(usb[3]) };
  }
  const pci = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(event.get('PCI_ID') ?? '');
  if (pci !== null) return { vendor: (pci[1] ?? '').toLowerCase(), model: (pci[2] ?? '').toLowerCase(), revision: '' };
  return { vendor: '', model: '', revision: '' };
}

/** libudev's devnode: DEVNAME under /dev. */
function devnode(event: Uevent): string {
  const name = event.get('DEVNAME') ?? '';
  if (name === '') return '';
  return name.startsWith('/') ? name : `/dev/${name}`;
}

/** The hardware_events row of one uevent, or null when osquery would not emit one. */
export function hardwareRow(event: Uevent, disabledTypes: string): Row | null {
  const type = event.get('DEVTYPE') ?? '';
  const path = devnode(event);
  const driver = event.get('DRIVER') ?? '';
  if (type === '' || (path === '' && driver === '')) return null;
  if (typeDisabled(disabledTypes, type)) return null;
  const model = event.get('ID_MODEL_FROM_DATABASE') ?? '';
  if (path === '' && model === '') return null;
  const ids = kernelIds(event);
  return {
    action: event.get('ACTION') ?? '',
    path,
    type,
    driver,
    vendor: event.get('ID_VENDOR_FROM_DATABASE') ?? '',
    vendor_id: event.get('ID_VENDOR_ID') ?? ids.vendor,
    model,
    model_id: event.get('ID_MODEL_ID') ?? ids.model,
    serial: event.get('ID_SERIAL_SHORT') ?? '',
    revision: event.get('ID_REVISION') ?? ids.revision,
  };
}
