/**
 * `system_controls`: every sysctl under /proc/sys with its current value and the value the sysctl.conf files set
 * (osquery's genSystemControls). `name = …` reads only those controls, `subsystem = …` only that tree, and
 * `oid = '<non-empty>'` reads nothing: Linux has no numeric MIBs, every row's oid is '' (as osquery's), so such a
 * query (the incident-response pack's ip_forwarding, every 10 s) would otherwise read all ~1,300 files to match none.
 */
import { readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { isGone, readText, readTextIfExists, splitLines } from '../lib/read.js';

const SYSCTL_ROOT = '/proc/sys';
/** sysctl.d(5) directories, lowest precedence first, then /etc/sysctl.conf which wins. */
const CONFIG_DIRS = ['/usr/lib/sysctl.d', '/lib/sysctl.d', '/usr/local/lib/sysctl.d', '/run/sysctl.d', '/etc/sysctl.d'];

export function genSystemControls(ctx: QueryContext): Row[] {
  if (ctx.equals('oid').some((oid) => oid !== '')) return [];
  const config = readSysctlConfig(ctx);
  const rows: Row[] = [];
  const names = ctx.equals('name').map(String);
  if (names.length > 0) {
    for (const name of names) {
      // A name is dotted path segments; '..' or '/' would let `WHERE name = …` read files outside /proc/sys.
      if (!isControlName(name)) continue;
      addControl(ctx, `${SYSCTL_ROOT}/${name.replace(/\./g, '/')}`, config, rows);
    }
    return rows;
  }
  const subsystems = ctx.equals('subsystem').map(String);
  for (const sub of listDir(ctx, SYSCTL_ROOT, true)) {
    if (subsystems.length === 0 || subsystems.includes(sub)) walk(ctx, `${SYSCTL_ROOT}/${sub}`, config, rows);
  }
  return rows;
}

/** Whether a constrained name is a plain dotted sysctl name (no empty, '.'/'..' or '/' segments). */
export function isControlName(name: string): boolean {
  return name.split('.').every((part) => part !== '' && !part.includes('/'));
}

function listDir(ctx: QueryContext, dir: string, dirsOnly: boolean): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => (dirsOnly ? e.isDirectory() : true))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot list ${dir}`, err);
    return [];
  }
}

/** Directories first, then files, as osquery's genControlInfo recursion orders them. */
function walk(ctx: QueryContext, dir: string, config: ReadonlyMap<string, string>, rows: Row[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    ctx.errors.skip(`cannot list ${dir}`, err);
    return;
  }
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files = entries
    .filter((e) => !e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const d of dirs) walk(ctx, `${dir}/${d}`, config, rows);
  for (const f of files) addControl(ctx, `${dir}/${f}`, config, rows);
}

function addControl(ctx: QueryContext, path: string, config: ReadonlyMap<string, string>, rows: Row[]): void {
  const name = path.slice(SYSCTL_ROOT.length + 1).replace(/\//g, '.');
  const row: Row = { name, oid: '', subsystem: name.split('.')[0], type: 'string' };
  try {
    row.current_value = readText(path).trim();
  } catch (err) {
    // Write-only controls (vm.compact_memory, net.ipv4.route.flush) have no value to read; osquery keeps the row.
    if (isGone(err)) return;
  }
  const configured = config.get(name);
  if (configured !== undefined) row.config_value = configured;
  rows.push(row);
}

/** Parses sysctl.conf(5) text: `key = value`, keys with '/' or '.', comments with '#' or ';'. */
export function parseSysctlConf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().replace(/^-/, '').replace(/\//g, '.');
    out.set(key, line.slice(eq + 1).trim());
  }
  return out;
}

function readSysctlConfig(ctx: QueryContext): Map<string, string> {
  const merged = new Map<string, string>();
  for (const dir of CONFIG_DIRS) {
    for (const file of listDir(ctx, dir, false).filter((f) => f.endsWith('.conf'))) {
      mergeInto(merged, readConfig(ctx, `${dir}/${file}`));
    }
  }
  mergeInto(merged, readConfig(ctx, '/etc/sysctl.conf'));
  return merged;
}

function readConfig(ctx: QueryContext, path: string): Map<string, string> {
  try {
    const text = readTextIfExists(path);
    return text === null ? new Map() : parseSysctlConf(text);
  } catch (err) {
    ctx.errors.skip(`cannot read ${path}`, err);
    return new Map();
  }
}

function mergeInto(target: Map<string, string>, source: ReadonlyMap<string, string>): void {
  for (const [k, v] of source) target.set(k, v);
}
