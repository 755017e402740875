/**
 * `disk_encryption` (osquery's Linux genFDEStatus): one row per block device. A device-mapper device whose dm UUID
 * starts with "CRYPT-" is an active dm-crypt mapping (what libcryptsetup's crypt_status checks): encrypted, with
 * type "<LUKS1|LUKS2|PLAIN...>-<cipher>-<mode>" read from the LUKS header of the device under it. Other devices
 * inherit their parent's status (a partition of an encrypted mapping is encrypted), else "not encrypted".
 * As in osquery, only root gets rows (the headers are root-only); uuid is the device's filesystem or LUKS UUID.
 */
import { readlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Row } from '../../engine/spec.js';
import { probeFilesystem } from '../lib/fs-probe.js';
import { readLuksHeader } from './luks.js';
import { attribute, entries } from './sysfs.js';

export interface BlockLayout {
  /** /sys/class/block (entries are symlinks into /sys/devices). */
  sysClassBlock: string;
  /** Where device nodes are (/dev). */
  devDir: string;
}

const HOST: BlockLayout = { sysClassBlock: '/sys/class/block', devDir: '/dev' };

/** osquery's enumerateParentsForBlockDevice: dm/md slaves, else the directory above a partition. */
function parentOf(layout: BlockLayout, name: string): string {
  const slaves = entries(join(layout.sysClassBlock, name, 'slaves'));
  if (slaves.length > 0) return slaves[0] as string;
  try {
    const parent = basename(dirname(readlinkSync(join(layout.sysClassBlock, name))));
    return parent === 'block' ? '' : parent;
  } catch {
    return '';
  }
}

function uuidOf(layout: BlockLayout, name: string): string {
  const dev = join(layout.devDir, name);
  const luks = readLuksHeader(dev);
  if (luks !== undefined) return luks.uuid;
  try {
    return probeFilesystem(dev)?.uuid ?? '';
  } catch {
    return '';
  }
}

/** "CRYPT-LUKS2-<hex uuid>-<name>" → "LUKS2"; undefined unless dm-crypt. */
function cryptType(layout: BlockLayout, name: string): string | undefined {
  const uuid = attribute(join(layout.sysClassBlock, name, 'dm'), 'uuid') ?? '';
  if (!uuid.startsWith('CRYPT-')) return undefined;
  return uuid.slice('CRYPT-'.length).split('-')[0] ?? '';
}

export function diskEncryptionRows(layout: BlockLayout = HOST, isRoot = process.geteuid?.() === 0): Row[] {
  if (!isRoot) return [];
  const names = entries(layout.sysClassBlock);
  const parents = new Map(names.map((n) => [n, parentOf(layout, n)]));
  const status = new Map<string, Row>();
  const resolve = (name: string, seen: Set<string>): Row => {
    const known = status.get(name);
    if (known !== undefined) return known;
    const row: Row = {
      name: `/dev/${name}`,
      uuid: uuidOf(layout, name),
      encrypted: 0,
      type: '',
      encryption_status: 'not encrypted',
    };
    const type = cryptType(layout, name);
    const parent = parents.get(name) ?? '';
    if (type !== undefined) {
      const header = parent === '' ? undefined : readLuksHeader(join(layout.devDir, parent));
      const items = [type, header?.cipher, header?.mode].filter((s): s is string => s !== undefined && s !== '');
      Object.assign(row, { encrypted: 1, type: items.join('-'), encryption_status: 'encrypted' });
    } else if (parent !== '' && names.includes(parent) && !seen.has(parent)) {
      const up = resolve(parent, new Set([...seen, name]));
      Object.assign(row, { encrypted: up.encrypted, type: up.type, encryption_status: up.encryption_status });
    }
    status.set(name, row);
    return row;
  };
  return names.map((name) => resolve(name, new Set([name])));
}

export function genDiskEncryption(): Row[] {
  return diskEncryptionRows();
}
