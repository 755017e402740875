/** Small SQL-text checks the shell needs before handing text to the engine (osquery's `_all_whitespace`). */

/** True when the text is only whitespace and complete comments (`-- …` to end of line, `/* … *\/`). */
export function allWhitespace(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i + 2);
      if (end < 0) return true;
      i = end + 1;
    } else {
      return false;
    }
  }
  return true;
}

/** A statement that is nothing but `;`, whitespace and comments: sqlite prepares no statement for it. */
export function isEmptyStatement(statement: string): boolean {
  return allWhitespace(statement.replaceAll(';', ' '));
}

/** SQLite primary result codes by name, so a failing positional query exits as osqueryi does (its result code). */
const SQLITE_CODES: Record<string, number> = {
  SQLITE_ERROR: 1,
  SQLITE_INTERNAL: 2,
  SQLITE_PERM: 3,
  SQLITE_ABORT: 4,
  SQLITE_BUSY: 5,
  SQLITE_LOCKED: 6,
  SQLITE_NOMEM: 7,
  SQLITE_READONLY: 8,
  SQLITE_INTERRUPT: 9,
  SQLITE_IOERR: 10,
  SQLITE_CORRUPT: 11,
  SQLITE_NOTFOUND: 12,
  SQLITE_FULL: 13,
  SQLITE_CANTOPEN: 14,
  SQLITE_PROTOCOL: 15,
  SQLITE_EMPTY: 16,
  SQLITE_SCHEMA: 17,
  SQLITE_TOOBIG: 18,
  SQLITE_CONSTRAINT: 19,
  SQLITE_MISMATCH: 20,
  SQLITE_MISUSE: 21,
  SQLITE_NOLFS: 22,
  SQLITE_AUTH: 23,
  SQLITE_FORMAT: 24,
  SQLITE_RANGE: 25,
  SQLITE_NOTADB: 26,
};

/**
 * The SQLite result code behind an engine error: a numeric `context.sqliteCode`, or the `SQLITE_…` name of the
 * error or its cause (better-sqlite3's SqliteError carries `code: 'SQLITE_CONSTRAINT_…'`). Plain errors are 1.
 */
export function sqliteCodeOf(err: unknown): number {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const e = current as { code?: unknown; context?: { sqliteCode?: unknown }; cause?: unknown };
    if (typeof e.context?.sqliteCode === 'number') return e.context.sqliteCode;
    if (typeof e.context?.sqliteCode === 'string') return codeFromName(e.context.sqliteCode);
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return codeFromName(e.code);
    current = e.cause;
  }
  return 1;
}

function codeFromName(name: string): number {
  const primary = /^SQLITE_[A-Z]+/.exec(name)?.[0] ?? '';
  return SQLITE_CODES[primary] ?? 1;
}
