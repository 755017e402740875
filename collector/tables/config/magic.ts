/**
 * magic, as osquery's genMagicData: for each `path = …` (required), libmagic's description, MIME type and MIME
 * encoding of the file. libmagic is not loadable from Node, so lib/magic-signatures.ts recognises the common
 * formats by their magic numbers (see there for what `data` covers). Directories, symbolic links (not followed,
 * as libmagic's default) and empty files are reported as libmagic reports them; unreadable paths are skipped.
 * magic_db_files is echoed back when constrained; no magic database is read.
 */
import { closeSync, lstatSync, openSync, readlinkSync, readSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { identifyContent, type MagicResult } from '../lib/magic-signatures.js';

const HEAD_BYTES = 8192;

export function* genMagic(ctx: QueryContext): Iterable<Row> {
  const dbFiles = ctx.equals('magic_db_files')[0];
  for (const path of new Set(ctx.equals('path').map(String))) {
    try {
      const result = describePath(path);
      yield {
        path,
        magic_db_files: dbFiles ?? undefined,
        data: result.data,
        mime_type: result.mimeType,
        mime_encoding: result.mimeEncoding,
      };
    } catch (err) {
      ctx.errors.skip(`cannot read ${path}`, err);
    }
  }
}

export function describePath(path: string): MagicResult {
  const st = lstatSync(path);
  if (st.isSymbolicLink())
    return { data: `symbolic link to ${readlinkSync(path)}`, mimeType: 'inode/symlink', mimeEncoding: 'binary' };
  if (st.isDirectory())
    return {
      data: `${st.mode & 0o1000 ? 'sticky, ' : ''}directory`,
      mimeType: 'inode/directory',
      mimeEncoding: 'binary',
    };
  if (st.isFIFO()) return { data: 'fifo (named pipe)', mimeType: 'inode/fifo', mimeEncoding: 'binary' };
  if (st.isSocket()) return { data: 'socket', mimeType: 'inode/socket', mimeEncoding: 'binary' };
  if (st.isCharacterDevice() || st.isBlockDevice()) {
    const kind = st.isCharacterDevice() ? 'character special' : 'block special';
    return {
      data: `${kind} (${Math.floor(st.rdev / 256)}/${st.rdev % 256})`,
      mimeType: st.isCharacterDevice() ? 'inode/chardevice' : 'inode/blockdevice',
      mimeEncoding: 'binary',
    };
  }
  const fd = openSync(path, 'r');
  try {
    const readAt = (offset: number, length: number): Buffer => {
      const buf = Buffer.alloc(Math.max(0, length));
      const n = readSync(fd, buf, 0, buf.length, offset);
      return buf.subarray(0, n);
    };
    return identifyContent(readAt(0, HEAD_BYTES), readAt);
  } finally {
    closeSync(fd);
  }
}
