/**
 * Tab completion for the interactive shell: meta-commands after a leading `.`, otherwise table names and column
 * names (osqueryi completes table names only; columns are Osprey's addition).
 */
import { META_WORDS } from './meta-parse.js';

export interface CompletionSource {
  tables(): ReadonlyArray<{ readonly name: string; readonly columns: ReadonlyArray<{ readonly name: string }> }>;
}

/** node:readline's completer contract: the candidates and the word they complete. */
export function completeLine(line: string, source: CompletionSource): [string[], string] {
  if (/^\.\S*$/.test(line)) return [META_WORDS.filter((w) => w.startsWith(line)), line];
  const word = /[A-Za-z0-9_]*$/.exec(line)?.[0] ?? '';
  if (word === '') return [[], word];
  const names = new Set<string>();
  for (const table of source.tables()) {
    names.add(table.name);
    for (const column of table.columns) names.add(column.name);
  }
  const hits = [...names].filter((name) => name.startsWith(word)).sort();
  return [hits, word];
}
