/**
 * `osprey search [TEXT...]`: searches the embedded store. Filters: `--where process.name=nc` (exact),
 * `--where process.command_line~curl` (substring), `--stream result|network|alert`, `--since 15m`, `--until ISO`,
 * `--limit N`; newest first; a table by default, `--json` for one document per line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../common/command.js';
import { DATA_DIR_FLAG } from '../common/stage-flags.js';
import { defineFlags, parseFlags, UsageError } from '../common/command-flags.js';
import { fieldValue, type StreamKind } from './documents/documents.js';
import { parseFieldFilter, parseTime, search, type SearchQuery } from './store/search.js';
import { DocumentStore, type StoredDocument } from './store/store.js';

const FLAGS = defineFlags({
  where: {
    type: 'list',
    value: 'FIELD=VALUE|FIELD~TEXT',
    description: 'Field filter: = exact, ~ substring; repeat to AND them',
  },
  stream: {
    type: 'string',
    value: 'KIND',
    description: 'Only result, network or alert documents',
    complete: ['result', 'network', 'alert'],
  },
  since: { type: 'string', value: '15m|2h|7d|ISO', description: 'Only documents at or after this time' },
  until: { type: 'string', value: 'ISO', description: 'Only documents before this time' },
  limit: { type: 'integer', default: 20, description: 'Most documents shown, newest first' },
  json: { type: 'boolean', description: 'One JSON document per line instead of a table' },
  data_dir: DATA_DIR_FLAG,
});

export const searchCommand: Command = {
  usage: 'osprey search [TEXT...] [--where FIELD=VALUE|FIELD~TEXT]... [--stream KIND] [--since T] [--limit N] [--json]',
  description: 'Searches the embedded store for documents matching all the words of TEXT and every --where filter.',
  example: 'osprey search --stream alert --since 2h --where process.name=nc',
  flags: FLAGS,
  async run(argv) {
    const { values, positionals } = parseFlags(FLAGS, argv, true);
    const dir = join(values.data_dir, 'store');
    if (!existsSync(join(dir, 'store.db'))) {
      process.stderr.write(`osprey search: no store at ${dir}; start Osprey first (npm start).\n`);
      return 1;
    }
    const query = buildQuery(values, positionals);
    const store = new DocumentStore({ dir });
    try {
      const docs = search(store, query);
      process.stdout.write(
        values.json
          ? docs.map((d) => JSON.stringify(d.body)).join('\n') + (docs.length ? '\n' : '')
          : renderTable(docs),
      );
      return 0;
    } finally {
      store.close();
    }
  },
};

function buildQuery(
  values: {
    where: string[];
    stream?: string | undefined;
    since?: string | undefined;
    until?: string | undefined;
    limit: number;
  },
  positionals: string[],
): SearchQuery {
  const stream = values.stream;
  if (stream !== undefined && !['result', 'network', 'alert'].includes(stream)) {
    throw new UsageError(`--stream must be result, network or alert, not "${stream}".`);
  }
  const query: SearchQuery = {
    text: positionals.join(' '),
    fields: values.where.map(parseFieldFilter),
    limit: values.limit,
  };
  if (stream) query.stream = stream as StreamKind;
  if (values.since) query.since = parseTime(values.since);
  if (values.until) query.until = parseTime(values.until);
  return query;
}

/** One line per hit: time, stream, host, and the most telling fields of that kind of document. */
export function renderTable(docs: readonly StoredDocument[]): string {
  if (docs.length === 0) return 'No matches.\n';
  const rows = docs.map((d) => [
    new Date(d.timestamp).toISOString().replace('T', ' ').slice(0, 19),
    d.stream,
    String(fieldValue(d.body, 'host.hostname') ?? fieldValue(d.body, 'osquery.hostIdentifier') ?? ''),
    summary(d),
  ]);
  const header = ['time', 'stream', 'host', 'summary'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + `\n(${docs.length} shown)\n`;
}

function summary(doc: StoredDocument): string {
  const f = (path: string): string => {
    const v = fieldValue(doc.body, path);
    return v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v);
  };
  const proc = [f('process.name'), f('process.pid') && `pid ${f('process.pid')}`].filter(Boolean).join(' ');
  if (doc.stream === 'alert') return `[${f('severity')}] ${f('rule.name')}: ${proc} ${f('message')}`.trim();
  if (doc.stream === 'network') {
    return `${proc} ${f('source.ip')}:${f('source.port')} -> ${f('destination.ip')}:${f('destination.port')} ${f('network.transport')}`.trim();
  }
  const what = f('osquery.name') || f('event.dataset');
  return `${what} ${f('event.action') || f('osquery.action')} ${proc} ${f('process.command_line') || f('file.path')}`.trim();
}
