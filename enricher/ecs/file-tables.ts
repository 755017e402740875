/**
 * ECS mappings of the file tables (Elastic's osquery pipeline, docs/contract.md, "ECS mapping rules"): file (state),
 * file_events (inotify FIM), and the inventory pack's binary_hashes, which also feeds the hash join.
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { FileInput, HashInput } from '../../schemas/generated/shared.js';
import { lifecycle, type TableMapping } from './mapping.js';
import { basename, dirname, extension, int, secondsToMs, str, type Row } from './row.js';

export function hashOf(row: Row): HashInput | null {
  const md5 = str(row, 'md5');
  const sha1 = str(row, 'sha1');
  const sha256 = str(row, 'sha256');
  return md5 === null && sha1 === null && sha256 === null ? null : { md5, sha1, sha256 };
}

function fileFields(row: Row, path: string): FileInput {
  const name = str(row, 'filename') ?? basename(path);
  return {
    path,
    name,
    directory: str(row, 'directory') ?? dirname(path),
    extension: extension(name),
    size: int(row, 'size', 0),
    inode: str(row, 'inode'),
    mode: str(row, 'mode'),
    uid: str(row, 'uid'),
    gid: str(row, 'gid'),
    mtime: secondsToMs(row, 'mtime'),
  };
}

function mapFile(row: Row, doc: EnrichedEventInput, pathColumn: string): void {
  const path = str(row, pathColumn);
  if (path === null) return;
  const file = fileFields(row, path);
  const hash = hashOf(row);
  if (hash) file.hash = hash;
  doc.file = file;
}

export const file: TableMapping = {
  table: 'file',
  category: ['file'],
  signature: ['path', 'directory', 'filename', 'inode', 'mode', 'size', 'mtime', 'hard_links', 'type'],
  types: lifecycle('creation', 'deletion'),
  map: (row, doc) => mapFile(row, doc, 'path'),
};

/** osquery's inotify actions (file_events.action) as ECS event.type. */
const FILE_EVENT_TYPES: Readonly<Record<string, string>> = {
  CREATED: 'creation',
  DELETED: 'deletion',
  UPDATED: 'change',
  ATTRIBUTES_MODIFIED: 'change',
  MOVED_FROM: 'change',
  MOVED_TO: 'change',
  ACCESSED: 'access',
  OPENED: 'access',
};

export const fileEvents: TableMapping = {
  table: 'file_events',
  category: ['file'],
  evented: true,
  signature: ['target_path', 'category', 'action', 'transaction_id', 'hashed'],
  types: (_action, row) => [FILE_EVENT_TYPES[row.action ?? ''] ?? 'info'],
  action: (_action, row) => (row.action ? row.action.toLowerCase() : null),
  map: (row, doc) => mapFile(row, doc, 'target_path'),
};

export const binaryHashes: TableMapping = {
  table: 'binary_hashes',
  category: ['file'],
  signature: ['path', 'inode', 'size', 'mtime', 'md5', 'sha1', 'sha256'],
  types: lifecycle('info', 'info'),
  map: (row, doc) => mapFile(row, doc, 'path'),
};
