/**
 * `rpm_package_files`, as osquery's genRpmPackageFiles (librpm's file iterator): one row per file of each package
 * in the rpm database, with the header's owner, group, mode (four octal digits, as osquery's lsperms), size and
 * digest. Like rpm_packages, Osprey reads the SQLite rpmdb (rpm >= 4.16) itself; Berkeley DB and ndb databases
 * are not read (one counted skip), and a host without an rpm database has no rows. sha256 is the file digest
 * when the package's digest algorithm is SHA-256 (FILEDIGESTALGO 8), else ''.
 */
import { existsSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { namespaceRoots } from '../lib/namespace.js';
import { mapRpmHeaders, type Skip } from './rpmdb-sqlite.js';

const DB_DIRS = ['/usr/lib/sysimage/rpm', '/var/lib/rpm'];
const TAG = {
  NAME: 1000,
  FILESIZES: 1028,
  FILEMODES: 1030,
  FILEDIGESTS: 1035,
  FILEUSERNAME: 1039,
  FILEGROUPNAME: 1040,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  LONGFILESIZES: 5008,
  FILEDIGESTALGO: 5011,
} as const;
const PGPHASHALGO_SHA256 = 8;

export function* genRpmPackageFiles(ctx: QueryContext): Iterable<Row> {
  const wanted = new Set(ctx.equals('package').map(String));
  for (const root of namespaceRoots(ctx)) {
    const dir = DB_DIRS.map((d) => root.root + d).find((d) => existsSync(`${d}/rpmdb.sqlite`));
    if (dir === undefined) {
      const legacy = DB_DIRS.map((d) => root.root + d).find(
        (d) => existsSync(`${d}/Packages`) || existsSync(`${d}/Packages.db`),
      );
      if (legacy) ctx.errors.skip(`rpm database in ${legacy} is Berkeley DB or ndb, which Osprey does not read`);
      continue;
    }
    yield* rpmDatabaseFiles(`${dir}/rpmdb.sqlite`, wanted, (reason, err) => ctx.errors.skip(reason, err));
  }
}

export function rpmDatabaseFiles(path: string, wanted: ReadonlySet<string>, skip: Skip): Row[] {
  return mapRpmHeaders(path, skip, (blob) => {
    const header = headerArrays(blob);
    const name = String(header.get(TAG.NAME)?.[0] ?? '');
    return wanted.size === 0 || wanted.has(name) ? fileRows(name, header) : [];
  });
}

function fileRows(name: string, h: Map<number, Array<string | number>>): Row[] {
  const basenames = h.get(TAG.BASENAMES) ?? [];
  const dirnames = h.get(TAG.DIRNAMES) ?? [];
  const dirIndexes = h.get(TAG.DIRINDEXES) ?? [];
  const sizes = h.get(TAG.LONGFILESIZES) ?? h.get(TAG.FILESIZES) ?? [];
  const sha256 = (h.get(TAG.FILEDIGESTALGO)?.[0] ?? 1) === PGPHASHALGO_SHA256;
  return basenames.map((base, i) => {
    const mode = Number(h.get(TAG.FILEMODES)?.[i] ?? 0);
    return {
      package: name,
      path: `${String(dirnames[Number(dirIndexes[i] ?? 0)] ?? '')}${String(base)}`,
      username: String(h.get(TAG.FILEUSERNAME)?.[i] ?? ''),
      groupname: String(h.get(TAG.FILEGROUPNAME)?.[i] ?? ''),
      mode: (mode & 0o7777).toString(8).padStart(4, '0'),
      size: Number(sizes[i] ?? 0),
      sha256: sha256 ? String(h.get(TAG.FILEDIGESTS)?.[i] ?? '') : '',
    };
  });
}

const TYPE_INT16 = 3;
const TYPE_INT32 = 4;
const TYPE_INT64 = 5;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;
const WANTED = new Set<number>(Object.values(TAG));

/** Every value of the wanted tags of a header blob (rpm-header.ts's layout), arrays in full. */
export function headerArrays(blob: Buffer): Map<number, Array<string | number>> {
  if (blob.length < 8) throw new Error('header blob shorter than its preamble');
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  const dataStart = 8 + il * 16;
  if (il > 0xffff || dataStart + dl > blob.length)
    throw new Error(`header blob of ${blob.length} bytes claims ${il} tags and ${dl} data bytes`);
  const data = blob.subarray(dataStart, dataStart + dl);
  const out = new Map<number, Array<string | number>>();
  for (let i = 0; i < il; i++) {
    const entry = 8 + i * 16;
    const tag = blob.readUInt32BE(entry);
    if (WANTED.has(tag))
      out.set(
        tag,
        decodeArray(data, blob.readUInt32BE(entry + 4), blob.readInt32BE(entry + 8), blob.readUInt32BE(entry + 12)),
      );
  }
  return out;
}

function decodeArray(data: Buffer, type: number, offset: number, count: number): Array<string | number> {
  const out: Array<string | number> = [];
  const size = type === TYPE_INT16 ? 2 : type === TYPE_INT32 ? 4 : type === TYPE_INT64 ? 8 : 0;
  for (let i = 0, at = offset; i < count && at >= 0 && at < data.length; i++) {
    if (size > 0) {
      if (at + size > data.length) break;
      out.push(
        size === 2 ? data.readUInt16BE(at) : size === 4 ? data.readUInt32BE(at) : Number(data.readBigUInt64BE(at)),
      );
      at += size;
    } else if (type === TYPE_STRING || type === TYPE_STRING_ARRAY || type === TYPE_I18NSTRING) {
      const end = data.indexOf(0, at);
      out.push(data.toString('utf8', at, end < 0 ? data.length : end));
      at = end < 0 ? data.length : end + 1;
    } else {
      break;
    }
  }
  return out;
}
