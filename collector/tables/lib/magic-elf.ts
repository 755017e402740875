/**
 * ELF headers as libmagic describes them: class, byte order, object type (telling PIE executables from shared
 * objects by DT_FLAGS_1 & DF_1_PIE, as libmagic does), machine, version/OS ABI, and static or dynamic linking with
 * the interpreter path.
 */
const MACHINES: Record<number, string> = {
  3: 'Intel 80386',
  8: 'MIPS',
  20: 'PowerPC',
  21: '64-bit PowerPC or cisco 7500',
  22: 'IBM S/390',
  40: 'ARM',
  62: 'x86-64',
  183: 'ARM aarch64',
  243: 'UCB RISC-V',
  258: 'LoongArch',
};
const ABIS: Record<number, string> = { 0: 'SYSV', 3: 'GNU/Linux', 9: 'FreeBSD' };
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_FLAGS_1 = 0x6ffffffb;
const DF_1_PIE = 0x08000000;

export interface ElfDescription {
  data: string;
  mimeType: string;
}

interface Header {
  is64: boolean;
  le: boolean;
  type: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

export function describeElf(head: Buffer, readAt: (offset: number, length: number) => Buffer): ElfDescription | null {
  const h = parseHeader(head);
  if (!h) return null;
  const segments = readSegments(h, readAt);
  const pie = h.type === 3 && isPie(h, segments, readAt);
  const [kind, mimeType] = objectKind(h.type, pie);
  const parts = [
    `ELF ${h.is64 ? '64' : '32'}-bit ${h.le ? 'LSB' : 'MSB'} ${kind}`,
    MACHINES[h.le ? head.readUInt16LE(18) : head.readUInt16BE(18)] ?? 'unknown arch',
    `version ${head[6]} (${ABIS[head[7] ?? -1] ?? 'unknown ABI'})`,
  ];
  if (h.type === 2 || h.type === 3) {
    const interp = segments.find((s) => s.type === PT_INTERP);
    parts.push(interp || segments.some((s) => s.type === PT_DYNAMIC) ? 'dynamically linked' : 'statically linked');
    if (interp)
      parts.push(
        `interpreter ${readAt(interp.offset, Math.min(interp.size, 4096)).toString('latin1').replace(/\0.*$/s, '')}`,
      );
  }
  return { data: parts.join(', '), mimeType };
}

function parseHeader(head: Buffer): Header | null {
  if (head.length < 52) return null;
  const is64 = head[4] === 2;
  const le = head[5] === 1;
  if ((head[4] !== 1 && !is64) || (head[5] !== 1 && head[5] !== 2) || (is64 && head.length < 64)) return null;
  const u16 = (o: number): number => (le ? head.readUInt16LE(o) : head.readUInt16BE(o));
  const word = (o: number): number =>
    is64
      ? Number(le ? head.readBigUInt64LE(o) : head.readBigUInt64BE(o))
      : le
        ? head.readUInt32LE(o)
        : head.readUInt32BE(o);
  return {
    is64,
    le,
    type: u16(16),
    phoff: word(is64 ? 32 : 28),
    phentsize: u16(is64 ? 54 : 42),
    phnum: u16(is64 ? 56 : 44),
  };
}

interface Segment {
  type: number;
  offset: number;
  size: number;
}

function readSegments(h: Header, readAt: (offset: number, length: number) => Buffer): Segment[] {
  if (h.phnum === 0 || h.phnum > 512 || h.phentsize < (h.is64 ? 56 : 32)) return [];
  const table = readAt(h.phoff, h.phnum * h.phentsize);
  const out: Segment[] = [];
  for (let i = 0; i < h.phnum && (i + 1) * h.phentsize <= table.length; i++) {
    const o = i * h.phentsize;
    const u32 = (x: number): number => (h.le ? table.readUInt32LE(x) : table.readUInt32BE(x));
    const u64 = (x: number): number => Number(h.le ? table.readBigUInt64LE(x) : table.readBigUInt64BE(x));
    out.push(
      h.is64
        ? { type: u32(o), offset: u64(o + 8), size: u64(o + 32) }
        : { type: u32(o), offset: u32(o + 4), size: u32(o + 16) },
    );
  }
  return out;
}

function isPie(h: Header, segments: Segment[], readAt: (offset: number, length: number) => Buffer): boolean {
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  if (!dynamic) return false;
  const entry = h.is64 ? 16 : 8;
  const table = readAt(dynamic.offset, Math.min(dynamic.size, 64 * 1024));
  for (let o = 0; o + entry <= table.length; o += entry) {
    const tag = h.is64
      ? Number(h.le ? table.readBigInt64LE(o) : table.readBigInt64BE(o))
      : h.le
        ? table.readInt32LE(o)
        : table.readInt32BE(o);
    if (tag === 0) break;
    if (tag !== DT_FLAGS_1) continue;
    const value = h.is64
      ? Number(h.le ? table.readBigUInt64LE(o + 8) : table.readBigUInt64BE(o + 8))
      : h.le
        ? table.readUInt32LE(o + 4)
        : table.readUInt32BE(o + 4);
    return (value & DF_1_PIE) !== 0;
  }
  return false;
}

function objectKind(type: number, pie: boolean): [string, string] {
  switch (type) {
    case 1:
      return ['relocatable', 'application/x-object'];
    case 2:
      return ['executable', 'application/x-executable'];
    case 3:
      return pie ? ['pie executable', 'application/x-pie-executable'] : ['shared object', 'application/x-sharedlib'];
    case 4:
      return ['core file', 'application/x-coredump'];
    default:
      return ['unknown type', 'application/octet-stream'];
  }
}
