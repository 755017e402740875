/**
 * `system_info`: host identity and hardware summary (osquery's Linux genSystemInfo). DMI strings come from
 * /sys/class/dmi/id (the kernel's decoded SMBIOS), CPU facts from /proc/cpuinfo, memory from /proc/meminfo.
 */
import { machine } from 'node:os';
import type { QueryContext, Row } from '../../engine/spec.js';
import { parseColonLines, readTextIfExists } from '../lib/read.js';
import { readCpuinfo } from './cpuinfo.js';

const DMI = '/sys/class/dmi/id';

export function genSystemInfo(ctx: QueryContext): Row[] {
  const hostname = (readTextIfExists('/proc/sys/kernel/hostname') ?? '').trim();
  const fqdn = canonicalName(hostname);
  const row: Row = {
    hostname: fqdn,
    computer_name: hostname,
    local_hostname: fqdn,
    uuid: hostUuid(ctx),
    cpu_type: machine(),
    ...cpuFacts(),
    physical_memory: physicalMemory(),
  };
  const vendor = dmi('sys_vendor');
  let model = dmi('product_name');
  let version = dmi('product_version');
  // Lenovo puts the model in Version and a SKU in Name; osquery swaps them for consistency.
  if (vendor.toLowerCase() === 'lenovo') [model, version] = [version, model];
  Object.assign(row, {
    hardware_vendor: vendor,
    hardware_model: model,
    hardware_version: version,
    hardware_serial: dmi('product_serial'),
    board_vendor: dmi('board_vendor'),
    board_model: dmi('board_name'),
    board_version: dmi('board_version'),
    board_serial: dmi('board_serial'),
  });
  return [row];
}

function dmi(name: string): string {
  try {
    return (readTextIfExists(`${DMI}/${name}`) ?? '').trim();
  } catch {
    // product_serial and board_serial are root-only.
    return '';
  }
}

/** SMBIOS product UUID (lower case, as osquery reports it), else the host UUID the agent persists. */
function hostUuid(ctx: QueryContext): string {
  const fromDmi = dmi('product_uuid').toLowerCase();
  if (fromDmi !== '') return fromDmi;
  return ctx.services.hostUuid?.() ?? '';
}

/**
 * osquery's getFqdn asks the resolver for the host's canonical name. The answer for the local host name comes
 * from /etc/hosts on nearly every system (nsswitch `files` first), which is read here without DNS.
 */
export function canonicalName(hostname: string, hostsText = readTextIfExists('/etc/hosts') ?? ''): string {
  for (const line of hostsText.split('\n')) {
    const names = line.replace(/#.*/, '').trim().split(/\s+/).slice(1);
    if (names.includes(hostname) && names[0] !== undefined) return names[0];
  }
  return hostname;
}

function cpuFacts(): Row {
  const blocks = readCpuinfo();
  const first = blocks[0] ?? new Map<string, string>();
  const logical = blocks.length;
  const cores = new Set(blocks.map((b) => `${b.get('physical id') ?? '0'}:${b.get('core id') ?? b.get('processor')}`));
  const siblings = Number(first.get('siblings') ?? 0);
  return {
    cpu_subtype: first.get('model') ?? '0',
    cpu_brand: first.get('model name') ?? '',
    cpu_logical_cores: logical > 0 ? logical : -1,
    cpu_physical_cores: cores.size,
    cpu_sockets: logical > 0 && siblings > 0 ? Math.floor(logical / siblings) : -1,
    cpu_microcode: first.get('microcode') ?? '',
  };
}

function physicalMemory(): number {
  const kb = Number.parseInt(parseColonLines(readTextIfExists('/proc/meminfo') ?? '').get('MemTotal') ?? '', 10);
  return Number.isFinite(kb) ? kb * 1024 : -1;
}
