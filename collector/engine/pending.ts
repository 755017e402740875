/**
 * Tables the engine knows but has not declared to SQLite yet (see engine.ts). SQLite has no hook for an unknown
 * table name, so the engine declares, before preparing a statement, every pending table whose name or alias occurs
 * in its text as a word. Names are matched case-insensitively, as SQLite matches them; a word inside a string
 * literal or a comment declares a table needlessly, which costs time but changes no result.
 */
import type { TableDefinition } from './spec.js';

const WORD = /[A-Za-z_][A-Za-z0-9_$]*/g;

export class PendingTables {
  /** Definitions by table name. */
  private readonly byName = new Map<string, TableDefinition>();
  /** Table names by lower-cased table name and alias. */
  private readonly byWord = new Map<string, string>();

  add(def: TableDefinition): void {
    this.byName.set(def.name, def);
    for (const word of [def.name, ...(def.aliases ?? [])]) this.byWord.set(word.toLowerCase(), def.name);
  }

  get(name: string): TableDefinition | undefined {
    return this.byName.get(name);
  }

  definitions(): TableDefinition[] {
    return [...this.byName.values()];
  }

  remove(name: string): void {
    const def = this.byName.get(name);
    if (def === undefined) return;
    this.byName.delete(name);
    for (const word of [def.name, ...(def.aliases ?? [])]) this.byWord.delete(word.toLowerCase());
  }

  clear(): void {
    this.byName.clear();
    this.byWord.clear();
  }

  /** Removes and returns the pending tables a statement's text names (by table name or alias). */
  takeNamedIn(sql: string): TableDefinition[] {
    if (this.byName.size === 0) return [];
    const taken: TableDefinition[] = [];
    for (const [word] of sql.matchAll(WORD)) {
      const name = this.byWord.get(word.toLowerCase());
      const def = name === undefined ? undefined : this.byName.get(name);
      if (def === undefined) continue;
      this.remove(def.name);
      taken.push(def);
    }
    return taken;
  }
}

/*
 * Whether a statement's text can name a table, or one of the engine's extra SQL functions, at all. Words SQLite
 * reserves (keywords with no fallback to an identifier in its grammar) cannot be an unquoted table or view name, so
 * the engine cannot declare a table or alias spelled like one (it declares them unquoted), and no extra function is
 * named like one; a text made only of them (`SELECT 1`, `SELECT 1 AND NULL`) names neither, and the engine answers it
 * without discovering its tables or registering its functions first. Any other word may name one.
 */
const RESERVED = new Set([
  'all',
  'and',
  'as',
  'between',
  'case',
  'collate',
  'create',
  'delete',
  'distinct',
  'drop',
  'else',
  'escape',
  'exists',
  'from',
  'group',
  'having',
  'in',
  'index',
  'insert',
  'into',
  'is',
  'join',
  'limit',
  'not',
  'null',
  'on',
  'or',
  'order',
  'select',
  'set',
  'table',
  'then',
  'union',
  'update',
  'values',
  'when',
  'where',
]);

export function reservedWords(): ReadonlySet<string> {
  return RESERVED;
}

/** Whether some word of the text is not reserved, so could be a table's name or alias. */
export function mayNameTable(sql: string): boolean {
  for (const [word] of sql.matchAll(WORD)) if (!RESERVED.has(word.toLowerCase())) return true;
  return false;
}
