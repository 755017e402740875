/**
 * `cpuid`: CPU identification and feature bits, as osquery's genCPUID reports them. osquery executes the CPUID
 * instruction; Node cannot, so Osprey asks the kernel's cpuid driver (/dev/cpu/0/cpuid: a pread at offset
 * `eax | ecx << 32` returns eax, ebx, ecx, edx; root and the `cpuid` module needed). Without that device the
 * rows are derived from /proc/cpuinfo (vendor, product_name, family and the feature bits Linux names in
 * `flags`); the serial, hypervisor_id and sgx rows need raw registers and are then left out.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { CPU_FEATURES, type CpuFeature } from './cpuid_features.js';
import { readCpuinfo } from './cpuinfo.js';

export const CPUID_DEVICE = '/dev/cpu/0/cpuid';

/** Registers eax, ebx, ecx, edx of one CPUID call. */
export type Registers = [number, number, number, number];
export type CpuidCall = (eax: number, ecx?: number) => Registers;

export function genCpuid(ctx: QueryContext, device = CPUID_DEVICE): Row[] {
  let fd: number;
  try {
    fd = openSync(device, 'r');
  } catch (err) {
    ctx.log.debug({ err }, `Cannot open ${device}; cpuid falls back to /proc/cpuinfo.`);
    return rowsFromCpuinfo(readCpuinfo()[0] ?? new Map());
  }
  try {
    return rowsFromCpuid(deviceCall(fd));
  } catch (err) {
    ctx.errors.skip(`cannot read ${device}`, err);
    return rowsFromCpuinfo(readCpuinfo()[0] ?? new Map());
  } finally {
    closeSync(fd);
  }
}

function deviceCall(fd: number): CpuidCall {
  const buf = Buffer.alloc(16);
  return (eax, ecx = 0) => {
    const position = BigInt(eax >>> 0) | (BigInt(ecx >>> 0) << 32n);
    if (readSync(fd, buf, 0, 16, position) !== 16) throw new Error(`Short cpuid read for leaf ${eax}.`);
    return [buf.readUInt32LE(0), buf.readUInt32LE(4), buf.readUInt32LE(8), buf.readUInt32LE(12)];
  };
}

const REGISTER_INDEX = { eax: 0, ebx: 1, ecx: 2, edx: 3 } as const;

/** Register bytes as text up to the first NUL (osquery's string reaches SQLite as a C string). */
function ascii(...regs: number[]): string {
  const buf = Buffer.alloc(regs.length * 4);
  regs.forEach((r, i) => buf.writeUInt32LE(r >>> 0, i * 4));
  const text = buf.toString('latin1');
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

function row(feature: string, value: string, register: string, input: string): Row {
  return { feature, value, output_register: register, output_bit: 0, input_eax: input };
}

/** The rows osquery builds from raw CPUID results, in its order. */
export function rowsFromCpuid(cpuid: CpuidCall): Row[] {
  const [maxLeaf, b0, c0, d0] = cpuid(0);
  if (maxLeaf < 1) return [];
  const rows = [row('vendor', ascii(b0, d0, c0), 'ebx,edx,ecx', '0')];
  const brand = [0, 1, 2].flatMap((i) => cpuid(0x80000002 + i));
  rows.push(row('product_name', ascii(...brand), 'eax,ebx,ecx,edx', '0x80000002'));
  const hv = cpuid(0x40000000);
  if (hv[0] !== 0) rows.push(row('hypervisor_id', hv.slice(0, 3).map(hex8).join(''), 'ebx,ecx,edx', '0x40000000'));
  const leaf1 = cpuid(1);
  const leaf3 = cpuid(3);
  rows.push(row('serial', hex8(leaf1[0]) + hex8(leaf3[0]) + hex8(leaf3[3]), 'eax,eax,ecx', '1,3'));
  rows.push(row('family', (leaf1[0] & 0xf00).toString(16).padStart(4, '0'), 'eax', '1'));
  const leaves = new Map<number, Registers>();
  for (const feature of CPU_FEATURES) {
    let regs = leaves.get(feature.leaf);
    if (regs === undefined) leaves.set(feature.leaf, (regs = cpuid(feature.leaf)));
    const set = ((regs[REGISTER_INDEX[feature.register]] >>> feature.bit) & 1) === 1;
    rows.push(featureRow(feature, set));
  }
  const sgx0 = cpuid(0x12, 0);
  const sgx1 = cpuid(0x12, 1);
  rows.push(row('sgx0', sgx0.map(hex8).join(''), 'eax,ebx,ecx,edx', '18'));
  rows.push(row('sgx1', sgx1.map(hex8).join(''), 'eax,ebx,ecx,edx', '18,1'));
  return rows;
}

function featureRow(feature: CpuFeature, set: boolean): Row {
  return { ...row(feature.name, set ? '1' : '0', feature.register, String(feature.leaf)), output_bit: feature.bit };
}

/** The fallback: the same rows where /proc/cpuinfo carries the information. */
export function rowsFromCpuinfo(cpu: ReadonlyMap<string, string>): Row[] {
  const vendor = cpu.get('vendor_id');
  if (vendor === undefined) return [];
  const flags = new Set((cpu.get('flags') ?? '').split(/\s+/));
  // Leaf 1 eax bits 8-11 hold the base family; /proc/cpuinfo adds the extended family on top of 15.
  const family = Math.min(Number(cpu.get('cpu family') ?? 0), 15);
  const rows = [
    row('vendor', vendor, 'ebx,edx,ecx', '0'),
    row('product_name', cpu.get('model name') ?? '', 'eax,ebx,ecx,edx', '0x80000002'),
    row('family', (family << 8).toString(16).padStart(4, '0'), 'eax', '1'),
  ];
  for (const feature of CPU_FEATURES) {
    if (feature.linuxFlag !== undefined) rows.push(featureRow(feature, flags.has(feature.linuxFlag)));
  }
  return rows;
}
