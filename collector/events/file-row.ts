/**
 * One file_events row (osquery tables/events/linux/file_events.cpp): the action from the inotify mask, the path and
 * category, the rename cookie as transaction_id, stat columns read at event time (empty once the file is gone) and,
 * for CREATED and UPDATED in categories without file_accesses, md5/sha1/sha256 of files up to read_max bytes
 * (`hashed` 1 done, 0 not hashed, -1 failed). A batch reuses one stat and one hash per path.
 */
import { statSync, type BigIntStats } from 'node:fs';
import type { Row } from '../engine/spec.js';
import { modeString } from '../files/mode.js';
import { hashFile } from '../files/hash-file.js';
import { IN } from './kernel/inotify.js';

/** osquery's kMaskActions, tried in order of bit value: the first bit set names the action. */
const ACTIONS: ReadonlyArray<readonly [number, string]> = [
  [IN.ACCESS, 'ACCESSED'],
  [IN.MODIFY, 'UPDATED'],
  [IN.ATTRIB, 'ATTRIBUTES_MODIFIED'],
  [IN.CLOSE_WRITE, 'UPDATED'],
  [IN.OPEN, 'OPENED'],
  [IN.MOVED_FROM, 'MOVED_FROM'],
  [IN.MOVED_TO, 'MOVED_TO'],
  [IN.CREATE, 'CREATED'],
  [IN.DELETE, 'DELETED'],
];

export function actionOf(mask: number): string | undefined {
  for (const [bit, action] of ACTIONS) if ((mask & bit) !== 0) return action;
  return undefined;
}

/** A file event matched to one subscription, before it becomes a row. */
export interface FileEvent {
  readonly path: string;
  readonly category: string;
  readonly action: string;
  readonly cookie: number;
  /** The subscription's category is in file_accesses (no hashing). */
  readonly accesses: boolean;
}

interface Probe {
  stats: BigIntStats | undefined;
  hashes?: { md5: string; sha1: string; sha256: string; hashed: number };
}

const seconds = (ns: bigint): bigint => ns / 1_000_000_000n;

/** Builds rows for one batch of events, stat-ing and hashing each path at most once. */
export class FileRowBuilder {
  readonly #probes = new Map<string, Probe>();
  readonly #hashMax: number;

  constructor(hashMax: number) {
    this.#hashMax = hashMax;
  }

  row(event: FileEvent): Row {
    const probe = this.#probe(event.path);
    const row: Row = {
      target_path: event.path,
      category: event.category,
      action: event.action,
      transaction_id: event.cookie,
      md5: '',
      sha1: '',
      sha256: '',
      hashed: 0,
    };
    const stats = probe.stats;
    if (stats !== undefined) {
      Object.assign(row, {
        inode: stats.ino,
        uid: stats.uid,
        gid: stats.gid,
        mode: modeString(stats.mode),
        size: stats.size,
        atime: seconds(stats.atimeNs),
        mtime: seconds(stats.mtimeNs),
        ctime: seconds(stats.ctimeNs),
      });
    }
    const wantsHash = (event.action === 'CREATED' || event.action === 'UPDATED') && !event.accesses;
    if (wantsHash && stats?.isFile() === true) Object.assign(row, this.#hash(event.path, probe, stats));
    return row;
  }

  #probe(path: string): Probe {
    let probe = this.#probes.get(path);
    if (probe === undefined) {
      let stats: BigIntStats | undefined;
      try {
        stats = statSync(path, { bigint: true });
      } catch {
        stats = undefined; // deleted or moved away since the event: the row keeps empty stat columns
      }
      probe = { stats };
      this.#probes.set(path, probe);
    }
    return probe;
  }

  #hash(path: string, probe: Probe, stats: BigIntStats): NonNullable<Probe['hashes']> {
    if (probe.hashes) return probe.hashes;
    if (stats.size > BigInt(this.#hashMax)) {
      probe.hashes = { md5: '', sha1: '', sha256: '', hashed: 0 };
      return probe.hashes;
    }
    try {
      const digests = hashFile(path, ['md5', 'sha1', 'sha256']);
      probe.hashes = { md5: digests.md5 ?? '', sha1: digests.sha1 ?? '', sha256: digests.sha256 ?? '', hashed: 1 };
    } catch {
      probe.hashes = { md5: '', sha1: '', sha256: '', hashed: -1 };
    }
    return probe.hashes;
  }
}
