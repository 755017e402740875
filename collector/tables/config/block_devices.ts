/**
 * block_devices, as osquery's genBlockDevs (libudev enumeration of the `block` subsystem plus libblkid): one row
 * per /sys/class/block entry (disks, partitions, loop and zram devices).
 * - name/parent: device nodes (/dev/vda1, parent /dev/vda for a partition, the slave of a dm/md device; '' for a
 *   whole disk). `WHERE name = …` returns that device and its ancestors, as osquery does.
 * - size: the sysfs `size` attribute (512-byte sectors); block_size: the queue's logical block size.
 * - vendor/model/serial: the root device's sysfs device/{vendor,model,wwid} (osquery's sources), falling back to
 *   the udev database (/run/udev/data) when udevd keeps one.
 * - type/uuid/label: filesystem identity from the device's superblock (lib/fs-probe.ts: ext*, xfs, btrfs, swap),
 *   read only when the query uses those columns; unreadable devices leave them NULL.
 */
import { readdirSync, readlinkSync } from 'node:fs';
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
  const parents = new Map(names.map((name) => [name, parentOf(name)]));
  const selected = selectWithParents(
    names,
    parents,
    ctx.equals('name').map((n) => basename(String(n))),
  );
  const probe = ['type', 'uuid', 'label'].some((c) => ctx.used(c));
  for (const name of [...selected].sort()) {
    const row = deviceRow(name, rootOf(name, parents));
    row.parent = parents.get(name) ? `/dev/${parents.get(name)}` : '';
    if (probe) Object.assign(row, identity(ctx, name));
    yield row;
  }
}

/** osquery returns the devices named in `name = …` together with their ancestors (include_parents). */
function selectWithParents(names: string[], parents: Map<string, string>, wanted: string[]): Set<string> {
  if (wanted.length === 0) return new Set(names);
  const out = new Set<string>();
  for (let name of wanted) {
    for (let depth = 0; parents.has(name) && !out.has(name) && depth < 16; depth++) {
      out.add(name);
      name = parents.get(name) ?? '';
    }
  }
  return out;
}

/**
 * The parent, as osquery's setBlockDeviceParent: the directory above a partition's sysfs directory
 * (/sys/devices/…/block/vda/vda1), or for a logical device (dm, md) its single entry under slaves/.
 */
function parentOf(name: string): string {
  let parent = '';
  try {
    parent = basename(dirname(readlinkSync(`${SYS_BLOCK}/${name}`)));
  } catch {
    return '';
  }
  if (parent !== 'block') return parent;
  try {
    return readdirSync(`${SYS_BLOCK}/${name}/slaves`)[0] ?? '';
  } catch {
    return '';
  }
}

function rootOf(name: string, parents: Map<string, string>): string {
  let root = name;
  for (let depth = 0; parents.get(root) && depth < 16; depth++) root = parents.get(root) ?? root;
  return root;
}

/** Size and block size are the device's own; model, serial (wwid) and vendor are inherited from the root device. */
function deviceRow(name: string, root: string): Row {
  const sys = `${SYS_BLOCK}/${name}`;
  const udev = udevProperties(attr(`${SYS_BLOCK}/${root}/dev`));
  return {
    name: `/dev/${name}`,
    vendor: attr(`${SYS_BLOCK}/${root}/device/vendor`) ?? udev.get('ID_VENDOR') ?? '',
    model: attr(`${SYS_BLOCK}/${root}/device/model`) ?? udev.get('ID_MODEL') ?? '',
    serial: attr(`${SYS_BLOCK}/${root}/device/wwid`) ?? udev.get('ID_SERIAL_SHORT') ?? '',
    size: Number(attr(`${sys}/size`) ?? 0),
    block_size: Number(
      attr(`${sys}/queue/logical_block_size`) ?? attr(`${SYS_BLOCK}/${root}/queue/logical_block_size`) ?? 0,
    ),
  };
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
