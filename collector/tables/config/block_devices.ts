/**
 * block_devices, as osquery's genBlockDevs (libudev enumeration of the `block` subsystem plus libblkid): one row
 * per /sys/class/block entry (disks, partitions, loop and zram devices).
 * - name/parent: device nodes (/dev/vda1, parent /dev/vda for a partition; '' for a whole disk).
 * - size: the sysfs `size` attribute (512-byte sectors); block_size: the queue's logical block size.
 * - vendor/model/serial: sysfs device attributes, or the udev database (/run/udev/data) when udevd keeps one.
 * - type/uuid/label: filesystem identity from the device's superblock (lib/fs-probe.ts: ext*, xfs, btrfs, swap),
 *   read only when the query uses those columns; unreadable devices leave them NULL.
 * The `name` index is honoured: `WHERE name = '/dev/vda'` probes only that device.
 */
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { probeFilesystem } from '../lib/fs-probe.js';
import { readTextIfExists } from '../lib/read.js';

const SYS_BLOCK = '/sys/class/block';

export function* genBlockDevices(ctx: QueryContext): Iterable<Row> {
  let names: string[];
  try {
    names = readdirSync(SYS_BLOCK);
  } catch (err) {
    ctx.errors.skip(`cannot list ${SYS_BLOCK}`, err);
    return;
  }
  const wanted = new Set(ctx.equals('name').map((n) => basename(String(n))));
  const probe = ['type', 'uuid', 'label'].some((c) => ctx.used(c));
  for (const name of names.sort()) {
    if (wanted.size > 0 && !wanted.has(name)) continue;
    const row = deviceRow(name);
    if (probe) Object.assign(row, identity(ctx, name));
    yield row;
  }
}

function deviceRow(name: string): Row {
  const sys = `${SYS_BLOCK}/${name}`;
  const isPartition = existsSync(`${sys}/partition`);
  const disk = isPartition ? parentDisk(sys) : name;
  const udev = udevProperties(attr(`${sys}/dev`));
  return {
    name: `/dev/${name}`,
    parent: isPartition ? `/dev/${disk}` : '',
    vendor: attr(`${SYS_BLOCK}/${disk}/device/vendor`) ?? udev.get('ID_VENDOR') ?? '',
    model: attr(`${SYS_BLOCK}/${disk}/device/model`) ?? udev.get('ID_MODEL') ?? '',
    serial: udev.get('ID_SERIAL_SHORT') ?? attr(`${SYS_BLOCK}/${disk}/device/serial`) ?? attr(`${SYS_BLOCK}/${disk}/serial`) ?? '',
    size: Number(attr(`${sys}/size`) ?? 0),
    block_size: Number(attr(`${SYS_BLOCK}/${disk}/queue/logical_block_size`) ?? 0),
  };
}

/** A partition's sysfs directory sits inside its disk's: /sys/devices/…/block/vda/vda1. */
function parentDisk(sys: string): string {
  try {
    return basename(dirname(readlinkSync(sys)));
  } catch {
    return '';
  }
}

function identity(ctx: QueryContext, name: string): Row {
  try {
    const id = probeFilesystem(`/dev/${name}`);
    return { type: id?.type ?? '', uuid: id?.uuid ?? '', label: id?.label ?? '' };
  } catch (err) {
    ctx.errors.skip(`cannot probe /dev/${name}`, err);
    return {};
  }
}

/** udevd's database entry for a block device: `E:KEY=value` lines in /run/udev/data/b<major>:<minor>. */
function udevProperties(devNumber: string | null): Map<string, string> {
  const out = new Map<string, string>();
  const text = devNumber ? safeRead(`/run/udev/data/b${devNumber}`) : null;
  for (const line of text?.split('\n') ?? []) {
    const eq = line.indexOf('=');
    if (line.startsWith('E:') && eq > 2) out.set(line.slice(2, eq), line.slice(eq + 1));
  }
  return out;
}

function attr(path: string): string | null {
  const text = safeRead(path);
  return text === null ? null : text.trim();
}

function safeRead(path: string): string | null {
  try {
    return readTextIfExists(path);
  } catch {
    return null;
  }
}
