/**
 * `carbon_black_info`, as osquery's POSIX genCarbonBlackInfo: the sensor id from /var/lib/cb/sensor.id (a 16-byte
 * file whose characters from offset 11 are hexadecimal), the [CB] settings of /var/lib/cb/sensorsettings.ini
 * (`%20` and `%3A` decoded in the config name and server; missing integers -1), and the queue sizes: the bytes of
 * every `filedata`/`metadata` file (binary queue) and `events*` file (event queue) under /var/lib/cb. The columns
 * osquery's POSIX code sets to constants (0, '') are those constants. osquery answers one empty row on a host
 * without the sensor; Osprey answers none.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { splitLines } from '../lib/read.js';
import { readTextQuietly } from './read-quietly.js';
import { isDirectory } from '../lib/dir.js';

const CB_DIR = '/var/lib/cb';

const SETTINGS: ReadonlyArray<readonly [string, string]> = [
  ['collect_store_files', 'CollectStoreFiles'],
  ['collect_module_loads', 'CollectModuleLoads'],
  ['collect_module_info', 'CollectModuleInfo'],
  ['collect_file_mods', 'CollectFileMods'],
  ['collect_reg_mods', 'CollectRegMods'],
  ['collect_net_conns', 'CollectNetConns'],
  ['collect_cross_processes', 'CollectCrossProcess'],
  ['collect_emet_events', 'CollectEmetEvents'],
];

export function genCarbonBlackInfo(_ctx: QueryContext, root = ''): Row[] {
  const dir = root + CB_DIR;
  if (!isDirectory(dir)) return [];
  return [{ ...sensorId(dir), ...sensorSettings(dir), ...queues(dir) }];
}

function sensorId(dir: string): Row {
  const text = readTextQuietly(join(dir, 'sensor.id'));
  if (text === null || text.length !== 16) return {};
  const hex = /^[0-9a-fA-F]+/.exec(text.slice(11))?.[0];
  return hex === undefined ? {} : { sensor_id: parseInt(hex, 16) };
}

function sensorSettings(dir: string): Row {
  const text = readTextQuietly(join(dir, 'sensorsettings.ini'));
  if (text === null) return {};
  const cb = iniSection(text, 'CB');
  const integer = (key: string): number | null => {
    const n = Number(cb.get(key) ?? '-1');
    return Number.isInteger(n) ? n : null;
  };
  const row: Row = { config_name: (cb.get('ConfigName') ?? '').replaceAll('%20', ' ') };
  for (const [column, key] of SETTINGS) row[column] = integer(key);
  return {
    ...row,
    sensor_backend_server: (cb.get('SensorBackendServer') ?? '').replaceAll('%3A', ':'),
    // osquery's POSIX reader sets these to constants (collect_processes included, after reading it).
    collect_data_file_writes: 0,
    collect_processes: 0,
    collect_sensor_operations: 0,
    log_file_disk_quota_mb: 0,
    log_file_disk_quota_percentage: 0,
    protection_disabled: 0,
    collect_process_user_context: 0,
    sensor_ip_addr: '',
  };
}

/** key=value lines of one [section] (Boost's ini_parser: `;`/`#` comments, keys and values trimmed). */
export function iniSection(text: string, section: string): Map<string, string> {
  const out = new Map<string, string>();
  let current = '';
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    if (line.startsWith('[') && line.endsWith(']')) current = line.slice(1, -1).trim();
    else if (current === section && line.includes('='))
      out.set(line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim());
  }
  return out;
}

function queues(dir: string): Row {
  let binary = 0;
  let events = 0;
  for (const file of filesUnder(dir)) {
    const name = basename(file);
    const size = statSync(file).size;
    if (name === 'filedata' || name === 'metadata') binary += size;
    if (basename(name, extname(name)) === 'events') events += size;
  }
  return { binary_queue: binary, event_queue: events };
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const path = join(dir, n);
    try {
      const st = statSync(path);
      return st.isDirectory() ? filesUnder(path) : st.isFile() ? [path] : [];
    } catch {
      return [];
    }
  });
}
