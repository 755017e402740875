/**
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

/** The same words as PendingTables matches table names against. */
const WORD = /[A-Za-z_][A-Za-z0-9_$]*/g;

export function reservedWords(): ReadonlySet<string> {
  return RESERVED;
}

/** Whether some word of the text is not reserved, so could be a table's name or alias. */
export function mayNameTable(sql: string): boolean {
  for (const [word] of sql.matchAll(WORD)) if (!RESERVED.has(word.toLowerCase())) return true;
  return false;
}
