/**
 * Splits SQL text into `;`-complete statements (what a shell runs as soon as a line completes one) and the
 * incomplete rest. Quotes ('…', "…", `…`, […]) and comments (--, /* *\/) are honoured, as sqlite3_complete does.
 */
export function splitStatements(sql: string): { statements: string[]; rest: string } {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') i = skipQuoted(sql, i, ch);
    else if (ch === '[') i = skipUntil(sql, i + 1, ']');
    else if (ch === '-' && sql[i + 1] === '-') i = skipUntil(sql, i + 2, '\n');
    else if (ch === '/' && sql[i + 1] === '*') i = skipUntil(sql, i + 2, '*/');
    else if (ch === ';') {
      const statement = sql.slice(start, i + 1).trim();
      if (statement !== ';') statements.push(statement);
      start = i + 1;
      i++;
    } else i++;
  }
  return { statements, rest: sql.slice(start).trim() === '' ? '' : sql.slice(start) };
}

/**
 * The statements of a query text as osquery runs them (sqlite_util.cpp queryInternal: prepare, run, continue with
 * the tail): each `;`-ended statement and an unterminated last one, leaving out those that hold only whitespace,
 * `;` and comments (SQLite prepares those to nothing; `SELECT 1; -- done` is one statement).
 */
export function sqlStatements(sql: string): string[] {
  const { statements, rest } = splitStatements(sql);
  return [...statements, rest].filter(hasSql);
}

/** Whether a statement holds anything besides whitespace, `;` and comments. */
export function hasSql(statement: string): boolean {
  let i = 0;
  while (i < statement.length) {
    const ch = statement[i] ?? '';
    if (ch === '-' && statement[i + 1] === '-') i = skipUntil(statement, i + 2, '\n');
    else if (ch === '/' && statement[i + 1] === '*') i = skipUntil(statement, i + 2, '*/');
    else if (ch === ';' || /\s/.test(ch)) i++;
    else return true;
  }
  return false;
}

/** Index just past the closing quote; a doubled quote is an escaped one. Unterminated: the end of the text. */
function skipQuoted(sql: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function skipUntil(sql: string, from: number, end: string): number {
  const at = sql.indexOf(end, from);
  return at < 0 ? sql.length : at + end.length;
}
