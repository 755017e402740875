/**
 * Line parsers for the classic /etc databases, following osquery's etc_hosts.cpp, posix/etc_services.cpp and
 * posix/etc_protocols.cpp: `#` starts a comment, fields are separated by whitespace, malformed lines are skipped.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { namespaceRoots } from '../lib/namespace.js';
import { readTextIfExists } from '../lib/read.js';

export type BadLine = (reason: string) => void;

/** Reads an /etc file for every pid_with_namespace root (or the host), yielding rows with that column set. */
export function* rowsFromEtcFile(
  ctx: QueryContext,
  path: string,
  parse: (text: string, bad: BadLine) => Row[],
): Iterable<Row> {
  for (const root of namespaceRoots(ctx)) {
    let text: string | null;
    try {
      text = readTextIfExists(root.root + path);
    } catch (err) {
      ctx.errors.skip(`cannot read ${root.root + path}`, err);
      continue;
    }
    if (text === null) continue;
    for (const row of parse(text, (reason) => ctx.errors.skip(`${path}: ${reason}`))) {
      yield root.pidWithNamespace === 0 ? row : { ...row, pid_with_namespace: root.pidWithNamespace };
    }
  }
}

function splitComment(line: string): { fields: string[]; comment: string | undefined } {
  const hash = line.indexOf('#');
  const body = hash >= 0 ? line.slice(0, hash) : line;
  const comment = hash >= 0 ? line.slice(hash + 1).trim() : undefined;
  return { fields: body.trim().split(/\s+/).filter(Boolean), comment };
}

/** /etc/hosts: `address hostname [aliases…]`; hostnames keeps every name, space-separated. */
export function parseHosts(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    const { fields } = splitComment(line);
    if (fields.length < 2) continue;
    rows.push({ address: fields[0], hostnames: fields.slice(1).join(' ') });
  }
  return rows;
}

/** /etc/services: `name port/protocol [aliases…] [# comment]`. */
export function parseServices(text: string, bad: BadLine): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const { fields, comment } = splitComment(line);
    const [port, protocol, ...extra] = (fields[1] ?? '').split('/');
    if (fields.length < 2 || protocol === undefined || extra.length > 0 || !/^\d+$/.test(port ?? '')) {
      return bad(`malformed line ${i + 1}`);
    }
    rows.push({ name: fields[0], port: Number(port), protocol, aliases: fields.slice(2).join(' '), comment });
  });
  return rows;
}

/** /etc/protocols: `name number [alias] [# comment]`. */
export function parseProtocols(text: string, bad: BadLine): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const { fields, comment } = splitComment(line);
    if (fields.length < 2 || !/^\d+$/.test(fields[1] ?? '')) return bad(`malformed line ${i + 1}`);
    rows.push({ name: fields[0], number: Number(fields[1]), alias: fields.slice(2).join(' '), comment });
  });
  return rows;
}
