/**
 * `selinux_settings` (osquery's genSELinuxSettings): the selinuxfs mount (found in /proc/self/mounts) read as
 * osquery does: the root keys with their raw values, every file of `booleans` ("on"/"off" from "1 1"/"0 0"),
 * `policy_capabilities` and `initial_contexts`, and under `class` one row per file (key = its directory below
 * class/, value = its name, `index` files skipped). Without selinuxfs there are no rows.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Row } from '../../engine/spec.js';

const ROOT_KEYS = ['checkreqprot', 'deny_unknown', 'enforce', 'mls', 'policyvers', 'reject_unknown'];
const SCOPES = ['booleans', 'policy_capabilities', 'initial_contexts'];

export function selinuxfsMount(mountsText: string): string | undefined {
  for (const line of mountsText.split('\n')) {
    const [, path, type] = line.split(' ');
    if (type === 'selinuxfs' && path !== undefined) return path.replace(/\\040/g, ' ');
  }
  return undefined;
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

/** Every file below `dir`, recursively, sorted. */
function filesBelow(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    try {
      return statSync(path).isDirectory() ? filesBelow(path) : [path];
    } catch {
      return [];
    }
  });
}

const BOOLEANS: Record<string, string> = { '0 0': 'off', '1 1': 'on' };

export function selinuxSettingRows(root: string | undefined): Row[] {
  if (root === undefined) return [];
  const rows: Row[] = ROOT_KEYS.map((key) => ({ scope: '', key, value: readRaw(join(root, key)) }));
  for (const scope of SCOPES) {
    for (const path of filesBelow(join(root, scope))) {
      const raw = readRaw(path);
      if (raw === null) continue;
      const key = path.slice(path.lastIndexOf('/') + 1);
      const value = scope === 'booleans' ? BOOLEANS[raw] : raw;
      if (value !== undefined) rows.push({ scope, key, value });
    }
  }
  for (const path of filesBelow(join(root, 'class'))) {
    const rel = relative(join(root, 'class'), path);
    const slash = rel.lastIndexOf('/');
    const value = rel.slice(slash + 1);
    if (value === 'index' || slash < 0) continue;
    rows.push({ scope: 'class', key: rel.slice(0, slash), value });
  }
  return rows;
}

export function genSelinuxSettings(): Row[] {
  let mounts = '';
  try {
    mounts = readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    // no procfs: no mount to find
  }
  return selinuxSettingRows(selinuxfsMount(mounts));
}
