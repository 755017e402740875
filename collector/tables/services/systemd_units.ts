/**
 * systemd_units. osquery asks systemd over D-Bus (ListUnits + properties), which lists the units systemd has
 * loaded. Osprey reads the unit files instead (unit-files.ts), so the list is every unit with a file in the system
 * search path plus enabled template instances, and the states are derived:
 * - load_state: loaded, or masked; unit_file_state: enabled / disabled / static / masked / alias.
 * - active_state / sub_state: when systemd is not running (no /run/systemd/system, sd_booted()), every unit is
 *   inactive/dead. Otherwise a service, scope or slice whose cgroup (/sys/fs/cgroup/…/<unit>) has processes is
 *   active/running, and inactive/dead when it has none; a mount unit is active/mounted when its path is mounted.
 *   Other types' states exist only inside systemd and are NULL.
 * - object_path: the D-Bus path systemd would give (bus_label_escape); job_id 0, job_type '', job_path '/'
 *   (no job can be queued without systemd's queue to read); following ''.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';
import { discoverUnits, setting, type UnitFile } from './unit-files.js';

export interface UnitRow {
  id: string;
  description: string;
  loadState: string;
  activeState: string | undefined;
  subState: string | undefined;
  unitFileState: string;
  fragmentPath: string;
  user: string;
  sourcePath: string;
}

export function* genSystemdUnits(ctx: QueryContext): Iterable<Row> {
  for (const u of collectUnits(ctx)) {
    yield {
      id: u.id,
      description: u.description,
      load_state: u.loadState,
      active_state: u.activeState,
      sub_state: u.subState,
      unit_file_state: u.unitFileState,
      following: '',
      object_path: `/org/freedesktop/systemd1/unit/${busLabelEscape(u.id)}`,
      job_id: 0,
      job_type: '',
      job_path: '/',
      fragment_path: u.fragmentPath,
      user: u.user,
      source_path: u.sourcePath,
    };
  }
}

/** The unit rows, shared with startup_items (which osquery builds from the same ListUnits answer). */
export function collectUnits(ctx: QueryContext): UnitRow[] {
  const running = existsSync('/run/systemd/system');
  const cgroups = running ? cgroupIndex() : new Map<string, string>();
  const mounted = running ? mountedPaths() : new Set<string>();
  return discoverUnits((reason) => ctx.errors.skip(reason)).map((unit) => {
    const [activeState, subState] = running ? liveState(unit, cgroups, mounted) : ['inactive', 'dead'];
    return {
      id: unit.id,
      description: setting(unit, 'Unit', 'Description') ?? unit.id,
      loadState: unit.masked ? 'masked' : 'loaded',
      activeState,
      subState,
      unitFileState: fileState(unit),
      fragmentPath: unit.fragmentPath,
      user: setting(unit, 'Service', 'User') ?? '',
      sourcePath: setting(unit, 'Unit', 'SourcePath') ?? '',
    };
  });
}

function fileState(unit: UnitFile): string {
  if (unit.masked) return 'masked';
  if (unit.aliasOf) return 'alias';
  if (unit.enabled) return 'enabled';
  return unit.settings.has('Install') ? 'disabled' : 'static';
}

function liveState(
  unit: UnitFile,
  cgroups: Map<string, string>,
  mounted: Set<string>,
): [string | undefined, string | undefined] {
  if (/\.(service|scope|slice)$/.test(unit.id)) {
    const cgroup = cgroups.get(unit.id);
    if (cgroup === undefined) return ['inactive', 'dead'];
    const procs = readTextIfExists(`${cgroup}/cgroup.procs`)?.trim() ?? '';
    if (unit.id.endsWith('.slice')) return ['active', 'active'];
    return procs === '' ? ['inactive', 'dead'] : ['active', 'running'];
  }
  if (unit.id.endsWith('.mount')) {
    const where = setting(unit, 'Mount', 'Where') ?? unitNameToPath(unit.id);
    return mounted.has(where) ? ['active', 'mounted'] : ['inactive', 'dead'];
  }
  return [undefined, undefined];
}

/** Unit cgroups under the unified hierarchy (or the systemd v1 hierarchy): unit name -> directory. */
function cgroupIndex(): Map<string, string> {
  const index = new Map<string, string>();
  const roots = ['/sys/fs/cgroup', '/sys/fs/cgroup/systemd'].filter((r) => existsSync(`${r}/cgroup.procs`));
  const walk = (dir: string, depth: number): void => {
    if (depth > 4) return;
    let entries: string[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return;
    }
    for (const name of entries) {
      if (/\.(service|scope|slice)$/.test(name) && !index.has(name)) index.set(name, `${dir}/${name}`);
      if (name.endsWith('.slice')) walk(`${dir}/${name}`, depth + 1);
    }
  };
  for (const root of roots) walk(root, 0);
  return index;
}

function mountedPaths(): Set<string> {
  const text = readTextIfExists('/proc/self/mounts') ?? '';
  return new Set(text.split('\n').map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' ')));
}

/** systemd's unit_name_to_path for mount units: `-` separates path components, `\xNN` escapes. */
function unitNameToPath(id: string): string {
  const stem = id.replace(/\.mount$/, '');
  if (stem === '-') return '/';
  return `/${stem
    .split('-')
    .map((p) => p.replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))))
    .join('/')}`;
}

/** sd-bus's bus_label_escape: alphanumerics kept, every other byte as _xx (lowercase hex). */
export function busLabelEscape(label: string): string {
  let out = '';
  for (const byte of Buffer.from(label, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9]/.test(c) ? c : `_${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
