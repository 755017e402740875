/**
 * Parser for the pci.ids / usb.ids databases (the files lspci, lsusb and udev's hwdb are built from): vendors with
 * their devices and subsystems, and the device class section ("C xx" lines). Parsed once per file version.
 */
import { ParsedFileCache } from '../lib/parsed-file-cache.js';

export interface HwDevice {
  name: string;
  /** "subvendor subdevice" (lower-case hex) → name. */
  subsystems: Map<string, string>;
}

export interface HwClass {
  name: string;
  /** subclass id → name and its programming interfaces / protocols. */
  subclasses: Map<string, { name: string; interfaces: Map<string, string> }>;
}

export interface HwIds {
  vendors: Map<string, { name: string; devices: Map<string, HwDevice> }>;
  classes: Map<string, HwClass>;
}

const VENDOR = /^([0-9a-f]{4})\s+(.*)$/;
const CHILD = /^\t([0-9a-f]{2,4})\s+(.*)$/;
const SUBSYSTEM = /^\t\t([0-9a-f]{4} [0-9a-f]{4})\s+(.*)$/;
const GRANDCHILD = /^\t\t([0-9a-f]{2})\s+(.*)$/;
const CLASS = /^C ([0-9a-f]{2})\s+(.*)$/;

export function parseHwIds(text: string): HwIds {
  const ids: HwIds = { vendors: new Map(), classes: new Map() };
  let vendor: { name: string; devices: Map<string, HwDevice> } | undefined;
  let device: HwDevice | undefined;
  let klass: HwClass | undefined;
  let subclass: { name: string; interfaces: Map<string, string> } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trimEnd();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = VENDOR.exec(line)) !== null) {
      vendor = { name: m[2] as string, devices: new Map() };
      ids.vendors.set(m[1] as string, vendor);
      [device, klass, subclass] = [undefined, undefined, undefined];
    } else if ((m = CLASS.exec(line)) !== null) {
      klass = { name: m[2] as string, subclasses: new Map() };
      ids.classes.set(m[1] as string, klass);
      [vendor, device, subclass] = [undefined, undefined, undefined];
    } else if (!line.startsWith('\t')) {
      // Another section (usb.ids "AT", "HID", "L", ...): its children are not ours.
      [vendor, device, klass, subclass] = [undefined, undefined, undefined, undefined];
    } else if ((m = CHILD.exec(line)) !== null) {
      if (vendor !== undefined) {
        device = { name: m[2] as string, subsystems: new Map() };
        vendor.devices.set(m[1] as string, device);
      } else if (klass !== undefined) {
        subclass = { name: m[2] as string, interfaces: new Map() };
        klass.subclasses.set(m[1] as string, subclass);
      }
    } else if ((m = SUBSYSTEM.exec(line)) !== null) {
      device?.subsystems.set(m[1] as string, (m[2] as string).trim());
    } else if ((m = GRANDCHILD.exec(line)) !== null) {
      subclass?.interfaces.set(m[1] as string, m[2] as string);
    }
  }
  return ids;
}

// The ids databases are read as latin1, as before; up to four locations are kept, each until its file changes.
const cache = new ParsedFileCache((text) => parseHwIds(text), 4, 'latin1');

/** The first readable database of `paths`, parsed (cached until the file changes); undefined when none exists. */
export function loadHwIds(paths: readonly string[]): HwIds | undefined {
  for (const path of paths) {
    try {
      const ids = cache.read(path, () => {});
      if (ids !== null) return ids;
    } catch {
      // unreadable: try the next location
    }
  }
  return undefined;
}
