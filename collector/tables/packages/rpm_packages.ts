/**
 * rpm_packages, as osquery's genRpmPackages (librpm over the rpm database). Osprey reads the database itself:
 * rpm >= 4.16 keeps it in SQLite (rpmdb.sqlite under /var/lib/rpm or /usr/lib/sysimage/rpm: RHEL 9, Fedora 33+,
 * openSUSE, Debian's rpm), each row of its Packages table an RPM header (rpm-header.ts). The older Berkeley DB
 * (`Packages`) and ndb (`Packages.db`) formats are not read: such a host gets no rows and one counted skip.
 * A host without an rpm database (Debian, Ubuntu) has no rows. `name = …` filters while reading.
 * sha1 is the header's SHA1HEADER; size is SIZE (LONGSIZE beyond 4 GiB); epoch is NULL when the package has none.
 */
import { existsSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { namespaceRoots } from '../lib/namespace.js';
import { RPMTAG, parseHeaderBlob } from './rpm-header.js';
import { mapRpmHeaders, type Skip } from './rpmdb-sqlite.js';

const DB_DIRS = ['/usr/lib/sysimage/rpm', '/var/lib/rpm'];
const WANTED = new Set<number>(Object.values(RPMTAG));

export function* genRpmPackages(ctx: QueryContext): Iterable<Row> {
  const names = new Set(ctx.equals('name').map(String));
  for (const root of namespaceRoots(ctx)) {
    const dir = DB_DIRS.map((d) => root.root + d).find((d) => existsSync(`${d}/rpmdb.sqlite`));
    if (!dir) {
      const legacy = DB_DIRS.map((d) => root.root + d).find(
        (d) => existsSync(`${d}/Packages`) || existsSync(`${d}/Packages.db`),
      );
      if (legacy) ctx.errors.skip(`rpm database in ${legacy} is Berkeley DB or ndb, which Osprey does not read`);
      continue;
    }
    for (const row of readRpmDatabase(`${dir}/rpmdb.sqlite`, (reason, err) => ctx.errors.skip(reason, err))) {
      if (names.size === 0 || names.has(String(row.name))) yield { ...row, pid_with_namespace: root.pidWithNamespace };
    }
  }
}

/** Every package of an rpmdb.sqlite, in database order; unreadable headers are reported and skipped. */
export function readRpmDatabase(path: string, skip: Skip): Row[] {
  return mapRpmHeaders(path, skip, (blob) => [packageRow(parseHeaderBlob(blob, WANTED))]);
}

function packageRow(h: Map<number, string | number>): Row {
  const text = (tag: number): string => String(h.get(tag) ?? '');
  const epoch = h.get(RPMTAG.EPOCH);
  return {
    name: text(RPMTAG.NAME),
    version: text(RPMTAG.VERSION),
    release: text(RPMTAG.RELEASE),
    source: text(RPMTAG.SOURCERPM),
    size: Number(h.get(RPMTAG.LONGSIZE) ?? h.get(RPMTAG.SIZE) ?? 0),
    sha1: text(RPMTAG.SHA1HEADER),
    arch: text(RPMTAG.ARCH),
    epoch: typeof epoch === 'number' ? epoch : undefined,
    install_time: Number(h.get(RPMTAG.INSTALLTIME) ?? 0),
    vendor: text(RPMTAG.VENDOR),
    package_group: text(RPMTAG.GROUP),
  };
}
