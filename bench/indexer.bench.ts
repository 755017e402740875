/**
 * The index stage's two sinks. Embedded store: documents per second written (one transaction per batch, with the
 * FTS5 index), against a baseline of the same JSON inserted into a plain SQLite table with the same pragmas, so the
 * ratio is the price of dedup and full-text search. Elasticsearch: documents per second through BulkWriter and the
 * official client to a loopback server that answers like the bulk API, against a baseline of the same NDJSON posted
 * with node:http, so the ratio is the client's own overhead. Bytes per document on disk are reported for the store.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../common/logger.js';
import { toIndexDocument, dataStreamName, type IndexDocument } from '../indexer/documents/documents.js';
import { createClient } from '../indexer/elasticsearch/client.js';
import { BulkWriter } from '../indexer/elasticsearch/bulk-writer.js';
import { DocumentStore } from '../indexer/store/store.js';
import type { BenchResult } from './types.js';

const DOCS = 50_000;
const BATCH = 500;

/** An enriched process result, the stream that carries most documents. */
function documents(count: number): IndexDocument[] {
  const docs: IndexDocument[] = [];
  const start = Date.UTC(2026, 11, 4);
  for (let i = 0; i < count; i++) {
    docs.push(
      toIndexDocument(
        'result',
        {
          id: `bench-${i}`,
          timestamp: start + i * 10,
          host: { name: `host-${i % 200}`, id: `uuid-${i % 200}`, os: { family: 'debian', version: '12' } },
          event: {
            kind: 'event',
            category: ['process'],
            type: ['start'],
            action: 'added',
            dataset: 'osquery.processes',
          },
          process: {
            pid: 1000 + (i % 30_000),
            name: 'curl',
            executable: '/usr/bin/curl',
            command_line: `curl -s http://10.0.${i % 250}.7/x`,
            parent: { pid: 900 },
          },
          user: { id: '1000', name: 'alice' },
          osquery: { name: 'pack_incident-response_processes', counter: i, epoch: 0 },
        },
        'default',
      ),
    );
  }
  return docs;
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

function rate(count: number, startNs: bigint): number {
  return count / (Number(process.hrtime.bigint() - startNs) / 1e9);
}

function embeddedStoreRate(docs: IndexDocument[], dir: string): { rate: number; bytesPerDoc: number } {
  const store = new DocumentStore({ dir: join(dir, 'store') });
  const started = process.hrtime.bigint();
  for (const batch of batches(docs)) store.write(batch);
  const docsPerSecond = rate(docs.length, started);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = statSync(store.path).size;
  store.close();
  return { rate: docsPerSecond, bytesPerDoc: bytes / docs.length };
}

function plainSqliteRate(docs: IndexDocument[], dir: string): number {
  const db = new Database(join(dir, 'plain.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE docs (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO docs (doc) VALUES (?)');
  const insertMany = db.transaction((batch: IndexDocument[]) => {
    for (const doc of batch) insert.run(JSON.stringify(doc.body));
  });
  const started = process.hrtime.bigint();
  for (const batch of batches(docs)) insertMany(batch);
  const docsPerSecond = rate(docs.length, started);
  db.close();
  return docsPerSecond;
}

/** Answers every _bulk request with one `create: 201` item per action line, as Elasticsearch does. */
async function startBulkServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const lines = Buffer.concat(chunks)
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== '');
      const items = Array.from({ length: Math.floor(lines.length / 2) }, () => ({ create: { status: 201 } }));
      res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
      res.end(JSON.stringify({ took: 1, errors: false, items }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function bulkWriterRate(docs: IndexDocument[], url: string): Promise<number> {
  const writer = new BulkWriter({
    client: createClient({ node: url }),
    namespace: 'default',
    log: createLogger({ level: 'silent' }),
  });
  const started = process.hrtime.bigint();
  for (const batch of batches(docs)) {
    const outcome = await writer.write(batch);
    if (outcome.indexed !== batch.length) throw new Error(`bulk indexed ${outcome.indexed} of ${batch.length}`);
  }
  return rate(docs.length, started);
}

function ndjson(batch: IndexDocument[]): string {
  let body = '';
  for (const doc of batch) {
    body += `${JSON.stringify({ create: { _index: dataStreamName(doc.stream, 'default'), _id: doc.id } })}\n${JSON.stringify(doc.body)}\n`;
  }
  return body;
}

async function rawPostRate(docs: IndexDocument[], url: string): Promise<number> {
  const target = new URL('/_bulk', url);
  const started = process.hrtime.bigint();
  for (const batch of batches(docs)) {
    const body = ndjson(batch);
    await new Promise<void>((resolve, reject) => {
      const req = request(target, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  return rate(docs.length, started);
}

export async function run(): Promise<BenchResult[]> {
  const docs = documents(DOCS);
  const dir = mkdtempSync(join(tmpdir(), 'osprey-bench-indexer-'));
  const { server, url } = await startBulkServer();
  try {
    const store = embeddedStoreRate(docs, dir);
    const plain = plainSqliteRate(docs, dir);
    await bulkWriterRate(docs.slice(0, 5 * BATCH), url); // warm-up: connection pool and JIT
    const bulk = await bulkWriterRate(docs, url);
    const raw = await rawPostRate(docs, url);
    return [
      {
        name: 'embedded store write (FTS5, dedup by id)',
        value: store.rate,
        unit: 'docs/s',
        baseline: { name: 'plain SQLite insert', value: plain },
      },
      { name: 'embedded store size', value: store.bytesPerDoc, unit: 'bytes/doc', note: 'after WAL checkpoint' },
      {
        name: 'Elasticsearch bulk via BulkWriter',
        value: bulk,
        unit: 'docs/s',
        baseline: { name: 'node:http POST of the same NDJSON', value: raw },
        note: `batches of ${BATCH}, loopback`,
      },
    ];
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
