/**
 * The embedded bus's storage: one SQLite file in WAL mode. Messages are rows keyed by (topic, partition, offset);
 * a consumer group's committed offset is the next offset it will read (Kafka's convention). Appends for one send are
 * one transaction, so a send is all-or-nothing and costs one WAL commit.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirPrivate, writePrivate } from '../paths.js';
import type { TopicSpec } from './types.js';

export interface StoredMessage {
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: string | null;
  readonly timestamp: number;
}

/** A message row as the read statement returns it (raw mode): offset, key, value, headers, timestamp. */
type RawMessage = [number, Buffer | null, Buffer, string | null, number];

export interface TopicRow {
  readonly id: number;
  readonly name: string;
  readonly partitions: number;
  readonly compacted: number;
  readonly retention_ms: number | null;
  readonly retention_bytes: number | null;
}

export interface AppendRow {
  readonly partition: number;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: string | null;
  readonly timestamp: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS topics (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, partitions INTEGER NOT NULL,
  compacted INTEGER NOT NULL DEFAULT 0, retention_ms INTEGER, retention_bytes INTEGER);
CREATE TABLE IF NOT EXISTS messages (topic INTEGER NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
  key BLOB, value BLOB NOT NULL, headers TEXT, timestamp INTEGER NOT NULL, PRIMARY KEY (topic, partition, offset));
CREATE TABLE IF NOT EXISTS group_offsets (group_id TEXT NOT NULL, topic INTEGER NOT NULL, partition INTEGER NOT NULL,
  offset INTEGER NOT NULL, PRIMARY KEY (group_id, topic, partition)) WITHOUT ROWID;
-- A partition's next offset, kept so that offsets are never reused after compaction or retention delete the newest.
CREATE TABLE IF NOT EXISTS watermarks (topic INTEGER NOT NULL, partition INTEGER NOT NULL, high INTEGER NOT NULL,
  PRIMARY KEY (topic, partition)) WITHOUT ROWID;
`;

/** Bytes per SQLite page of a new bus file. */
const PAGE_SIZE = 16_384;

export class EmbeddedBusStore {
  readonly db: Database.Database;
  readonly #stmts;

  constructor(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
    mkdirPrivate(dataDir);
    const file = join(dataDir, 'bus.sqlite');
    if (!existsSync(file)) writePrivate(file, ''); // SQLite gives the -wal and -shm files the database's mode
    this.db = new Database(file);
    // Messages are values of about a kilobyte: 16 KiB pages hold four times as many per page than the default 4 KiB,
    // so appends split fewer pages and write fewer WAL frames, and reads visit fewer pages (about a quarter less CPU
    // per message each way). SQLite applies this only to a new, empty file; an existing bus keeps its page size.
    this.db.pragma(`page_size = ${PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.#stmts = {
      topic: this.db.prepare<[string], TopicRow>('SELECT * FROM topics WHERE name = ?'),
      insertTopic: this.db.prepare(
        'INSERT INTO topics (name, partitions, compacted, retention_ms, retention_bytes) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET compacted = excluded.compacted, retention_ms = excluded.retention_ms, retention_bytes = excluded.retention_bytes',
      ),
      topics: this.db.prepare<[], TopicRow>('SELECT * FROM topics'),
      high: this.db.prepare<[number, number], { high: number | null }>(
        'SELECT MAX(offset) + 1 AS high FROM messages WHERE topic = ? AND partition = ?',
      ),
      low: this.db.prepare<[number, number], { low: number | null }>(
        'SELECT MIN(offset) AS low FROM messages WHERE topic = ? AND partition = ?',
      ),
      append: this.db.prepare(
        'INSERT INTO messages (topic, partition, offset, key, value, headers, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      // Rows as arrays: better-sqlite3 builds a row object property by property through the V8 API, which costs more
      // per message than the array and the object literal built from it in read().
      read: this.db
        .prepare<[number, number, number, number], RawMessage>(
          'SELECT offset, key, value, headers, timestamp FROM messages WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT ?',
        )
        .raw(true),
      committed: this.db.prepare<[string, number, number], { offset: number }>(
        'SELECT offset FROM group_offsets WHERE group_id = ? AND topic = ? AND partition = ?',
      ),
      mark: this.db.prepare(
        'INSERT INTO watermarks (topic, partition, high) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET high = excluded.high',
      ),
      getMark: this.db.prepare<[number, number], { high: number }>(
        'SELECT high FROM watermarks WHERE topic = ? AND partition = ?',
      ),
      commit: this.db.prepare(
        'INSERT INTO group_offsets (group_id, topic, partition, offset) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET offset = excluded.offset',
      ),
    };
  }

  ensureTopic(spec: TopicSpec, defaultPartitions: number): TopicRow {
    const existing = this.#stmts.topic.get(spec.name);
    if (existing && spec.compacted === undefined && spec.retentionMs === undefined) return existing;
    this.#stmts.insertTopic.run(
      spec.name,
      existing?.partitions ?? spec.partitions ?? defaultPartitions,
      spec.compacted ? 1 : 0,
      spec.retentionMs ?? null,
      null,
    );
    const row = this.#stmts.topic.get(spec.name);
    if (!row) throw new Error(`Topic ${spec.name} was not created.`);
    return row;
  }

  topic(name: string): TopicRow | undefined {
    return this.#stmts.topic.get(name);
  }

  topics(): TopicRow[] {
    return this.#stmts.topics.all();
  }

  setRetentionBytes(topic: number, bytes: number | null): void {
    this.db.prepare('UPDATE topics SET retention_bytes = ? WHERE id = ?').run(bytes, topic);
  }

  /** Appends rows in one transaction; returns the offset given to each row, in order. */
  append(topic: number, rows: readonly AppendRow[]): number[] {
    return this.db
      .transaction(() => {
        const next = new Map<number, number>();
        const offsets: number[] = [];
        for (const row of rows) {
          const offset = next.get(row.partition) ?? this.highWatermark(topic, row.partition);
          this.#stmts.append.run(topic, row.partition, offset, row.key, row.value, row.headers, row.timestamp);
          next.set(row.partition, offset + 1);
          offsets.push(offset);
        }
        for (const [partition, high] of next) this.#stmts.mark.run(topic, partition, high);
        return offsets;
      })
      .immediate();
  }

  /** The offset the next message of the partition gets. */
  highWatermark(topic: number, partition: number): number {
    return this.#stmts.getMark.get(topic, partition)?.high ?? this.#stmts.high.get(topic, partition)?.high ?? 0;
  }

  lowWatermark(topic: number, partition: number): number {
    return this.#stmts.low.get(topic, partition)?.low ?? this.highWatermark(topic, partition);
  }

  read(topic: number, partition: number, from: number, limit: number): StoredMessage[] {
    const rows = this.#stmts.read.all(topic, partition, from, limit) as unknown as RawMessage[];
    const messages = new Array<StoredMessage>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [offset, key, value, headers, timestamp] = rows[i] as RawMessage;
      messages[i] = { partition, offset, key, value, headers, timestamp };
    }
    return messages;
  }

  committed(group: string, topic: number, partition: number): number | undefined {
    return this.#stmts.committed.get(group, topic, partition)?.offset;
  }

  commit(group: string, topic: number, partition: number, offset: number): void {
    this.#stmts.commit.run(group, topic, partition, offset);
  }

  close(): void {
    this.db.close();
  }
}
