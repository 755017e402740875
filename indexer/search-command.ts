/**
 * `osprey search [TEXT...]`: searches the embedded store. Filters: `--where process.name=nc` (exact),
 * `--where process.command_line~curl` (substring), `--stream result|network|alert`, `--since 15m`, `--until ISO`,
 * `--limit N`; newest first; a table by default, `--json` for one document per line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../cli/command.js';
import { defaultDataDir } from '../common/data-dir.js';
import { fieldValue, type StreamKind } from './documents.js';
import { parseFieldFilter, parseTime, search, type SearchQuery } from './store/search.js';
import { DocumentStore, type StoredDocument } from './store/store.js';

const HELP = `Usage: osprey search [TEXT...] [--where FIELD=VALUE|FIELD~TEXT]... [--stream result|network|alert]
                     [--since 15m|2h|7d|ISO] [--until ISO] [--limit N] [--json] [--data_dir DIR]`;

export const searchCommand: Command = {
  summary: 'Search what Osprey found (the embedded store)',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        where: { type: 'string', multiple: true },
        stream: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        data_dir: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const dir = join(values.data_dir ?? defaultDataDir(), 'store');
    if (!existsSync(join(dir, 'store.db'))) {
      process.stderr.write(`osprey search: no store at ${dir}; start Osprey first (npm start).\n`);
      return 1;
    }
    const query = buildQuery(values, positionals);
    const store = new DocumentStore({ dir });
    try {
      const docs = search(store, query);
      process.stdout.write(values.json ? docs.map((d) => JSON.stringify(d.body)).join('\n') + (docs.length ? '\n' : '') : renderTable(docs));
      return 0;
    } finally {
      store.close();
    }
  },
};

function buildQuery(
  values: { where?: string[]; stream?: string; since?: string; until?: string; limit?: string },
  positionals: string[],
): SearchQuery {
  const stream = values.stream;
  if (stream !== undefined && !['result', 'network', 'alert'].includes(stream)) {
    throw new Error(`--stream must be result, network or alert, not "${stream}".`);
  }
  const query: SearchQuery = {
    text: positionals.join(' '),
    fields: (values.where ?? []).map(parseFieldFilter),
    limit: values.limit ? Number(values.limit) : 20,
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
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
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
