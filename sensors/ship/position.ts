/**
 * The shipper's private position file: per log path, which file (device + inode) it was reading, the byte offset
 * after the last record that was acknowledged by the bus, and the line number there (for error messages). Written
 * atomically (temp file + rename), 0600.
 */
import { readFileSync, renameSync } from 'node:fs';
import { OspreyError } from '../../common/errors.js';
import { writePrivate } from '../../common/paths.js';

export interface FilePosition {
  dev: number;
  ino: number;
  offset: number;
  line: number;
  /** A .gz file read to its end: not read again. */
  done?: boolean;
}

export class PositionStore {
  readonly #positions: Record<string, FilePosition>;
  constructor(readonly path: string) {
    this.#positions = readPositions(path);
  }

  get(logPath: string): FilePosition | undefined {
    return this.#positions[logPath];
  }

  set(logPath: string, position: FilePosition): void {
    this.#positions[logPath] = { ...position };
    const temp = `${this.path}.tmp`;
    writePrivate(temp, `${JSON.stringify(this.#positions)}\n`);
    renameSync(temp, this.path);
  }
}

function readPositions(path: string): Record<string, FilePosition> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new OspreyError('IO_ERROR', `Cannot read the shipper position file ${path}: ${(err as Error).message}`, {
      cause: err,
      retriable: false,
    });
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, FilePosition>;
  } catch (err) {
    throw new OspreyError(
      'CONFIG_INVALID',
      `The shipper position file ${path} is corrupt (${(err as Error).message}); move it away to start over.`,
      { cause: err, retriable: false },
    );
  }
}
