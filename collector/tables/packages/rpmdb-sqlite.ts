/**
 * The SQLite rpm database (rpm >= 4.16: rpmdb.sqlite, one header blob per package in `Packages`), opened read-only
 * and walked once per query by rpm_packages and rpm_package_files. A database that cannot be opened or read, and a
 * header that does not parse, are reported through `skip` (osquery logs and skips them) and never fail the query.
 */
import Database from 'better-sqlite3';

export type Skip = (reason: string, err?: unknown) => void;

/** Calls `visit` with each package header blob, in database order; returns what the visits returned. */
export function mapRpmHeaders<T>(path: string, skip: Skip, visit: (blob: Buffer) => T[]): T[] {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    skip(`cannot open ${path}`, err);
    return [];
  }
  const out: T[] = [];
  try {
    const records = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').iterate() as Iterable<{
      hnum: number;
      blob: Buffer;
    }>;
    for (const record of records) {
      try {
        out.push(...visit(record.blob));
      } catch (err) {
        skip(`bad header ${record.hnum} in ${path}`, err);
      }
    }
  } catch (err) {
    skip(`cannot read the Packages table of ${path}`, err);
  } finally {
    db.close();
  }
  return out;
}
