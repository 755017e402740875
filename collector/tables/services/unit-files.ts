/**
 * systemd's unit files without systemd: the search path (systemd.unit(5), system manager), which file a unit is
 * loaded from (the first directory that has it), its drop-in-free settings, and whether it is enabled (symlinked
 * from a .wants/.requires/.upholds directory), masked (linked to /dev/null), static (no [Install]) or disabled.
 */
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { basename, resolve, dirname } from 'node:path';
import { readTextIfExists } from '../lib/read.js';

export const UNIT_SEARCH_PATH = [
  '/etc/systemd/system.control',
  '/run/systemd/system.control',
  '/run/systemd/transient',
  '/run/systemd/generator.early',
  '/etc/systemd/system',
  '/etc/systemd/system.attached',
  '/run/systemd/system',
  '/run/systemd/system.attached',
  '/run/systemd/generator',
  '/usr/local/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/run/systemd/generator.late',
  '/lib/systemd/system',
];

const UNIT_SUFFIX = /\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/;
const WANTS_DIR = /\.(wants|requires|upholds)$/;
/** Links here are the administrator's (systemctl enable); the vendor's own .wants links make a unit static. */
const CONFIG_DIRS = new Set([
  '/etc/systemd/system.control',
  '/run/systemd/system.control',
  '/etc/systemd/system',
  '/etc/systemd/system.attached',
  '/run/systemd/system',
  '/run/systemd/system.attached',
]);

export type UnitSettings = Map<string, Map<string, string>>;

export interface UnitFile {
  id: string;
  /** The file the unit loads from; '' when masked. */
  fragmentPath: string;
  masked: boolean;
  /** An instance (foo@bar.service) loads from its template file. */
  settings: UnitSettings;
  enabled: boolean;
  /** Name of the unit this file is an alias (symlink) of, if any. */
  aliasOf: string | undefined;
}

/** Every unit with a file in the search path, plus the template instances enabled through .wants links. */
export function discoverUnits(bad: (reason: string) => void): UnitFile[] {
  const files = new Map<string, string>();
  const enabled = new Set<string>();
  const wanted = new Set<string>();
  for (const dir of UNIT_SEARCH_PATH) {
    for (const name of list(dir)) {
      if (UNIT_SUFFIX.test(name) && !files.has(name)) files.set(name, `${dir}/${name}`);
      if (!WANTS_DIR.test(name)) continue;
      for (const link of list(`${dir}/${name}`)) {
        wanted.add(link);
        if (CONFIG_DIRS.has(dir)) enabled.add(link);
      }
    }
  }
  const ids = new Set([...files.keys()].filter((n) => !n.includes('@.')));
  for (const id of wanted) if (UNIT_SUFFIX.test(id) && !id.includes('@.')) ids.add(id);
  const out: UnitFile[] = [];
  for (const id of [...ids].sort()) {
    const unit = loadUnit(id, files, enabled, bad);
    if (unit) out.push(unit);
  }
  return out;
}

function loadUnit(
  id: string,
  files: Map<string, string>,
  enabled: Set<string>,
  bad: (reason: string) => void,
): UnitFile | null {
  const template = id.includes('@') ? id.replace(/@[^.]*\./, '@.') : undefined;
  const path = files.get(id) ?? (template ? files.get(template) : undefined);
  if (!path) return null;
  const target = linkTarget(path);
  if (target === '/dev/null') {
    return { id, fragmentPath: '', masked: true, settings: new Map(), enabled: false, aliasOf: undefined };
  }
  const aliasOf =
    target && basename(target) !== basename(path) && UNIT_SUFFIX.test(target) ? basename(target) : undefined;
  const real = target ? resolve(dirname(path), target) : path;
  let settings: UnitSettings = new Map();
  try {
    settings = parseUnitFile(readTextIfExists(real) ?? '', (reason) => bad(`${real}: ${reason}`));
  } catch (err) {
    bad(`cannot read ${real}: ${(err as Error).message}`);
  }
  return { id, fragmentPath: real, masked: false, settings, enabled: enabled.has(id), aliasOf };
}

/** systemd.syntax(7): [Section] headers, Key=Value, `#`/`;` comments, backslash line continuation. */
export function parseUnitFile(text: string, bad: (reason: string) => void): UnitSettings {
  const sections: UnitSettings = new Map();
  let section: Map<string, string> | undefined;
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = sections.get(header[1] ?? '') ?? new Map<string, string>();
      sections.set(header[1] ?? '', section);
      return;
    }
    const eq = line.indexOf('=');
    if (!section || eq <= 0) return bad(`line ${i + 1} is not a setting`);
    // Later assignments win for the single-valued settings read here (Description, User, SourcePath).
    section.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  });
  return sections;
}

export function setting(unit: UnitFile, section: string, key: string): string | undefined {
  return unit.settings.get(section)?.get(key);
}

function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
