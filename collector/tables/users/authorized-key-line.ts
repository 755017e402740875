/**
 * One authorized_keys line as osquery 5 reads it (tables/system/posix/authorized_keys.cpp): the first of its key
 * types found in the line and followed by a space or tab splits it into options (the text before, right-trimmed),
 * key and comment. osquery knows only ssh-rsa, ssh-ed25519 and the three ecdsa-sha2-nistp types, so ssh-dss,
 * security keys and certificates give no row. A line without a known key type is kept, as options only, when one
 * of its comma-separated options is `zos-key-ring-label=` (z/OS keys held in a key ring).
 */
import type { Row } from '../../engine/spec.js';

const KEY_TYPES = ['ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];
const KEY_RING_OPTION = 'zos-key-ring-label=';
const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

/** Columns options/algorithm/key/comment for a line (already trimmed), or null when osquery makes no row of it. */
export function authorizedKeyFields(line: string): Row | null {
  if (line === '' || line.startsWith('#')) return null;
  for (const type of KEY_TYPES) {
    const at = line.indexOf(type);
    if (at < 0 || !isBlank(line[at + type.length])) continue;
    return keyFields(line, type, at);
  }
  if (line.split(',').some((option) => option.trim().startsWith(KEY_RING_OPTION))) return { options: line };
  return null;
}

function keyFields(line: string, algorithm: string, typeAt: number): Row | null {
  const row: Row = { algorithm };
  if (typeAt > 0) row.options = line.slice(0, typeAt).replace(/[\t ]+$/, '');
  const keyStart = indexWhere(line, typeAt + algorithm.length, (ch) => !isBlank(ch));
  if (keyStart < 0) return null;
  const keyEnd = indexWhere(line, keyStart, isBlank);
  if (keyEnd < 0) {
    row.key = line.slice(keyStart);
    return row;
  }
  row.key = line.slice(keyStart, keyEnd);
  const commentStart = indexWhere(line, keyEnd, (ch) => !isBlank(ch));
  row.comment = commentStart < 0 ? '' : line.slice(commentStart);
  return row;
}

function indexWhere(text: string, from: number, test: (ch: string) => boolean): number {
  for (let i = from; i < text.length; i++) if (test(text[i] as string)) return i;
  return -1;
}
