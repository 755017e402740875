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
