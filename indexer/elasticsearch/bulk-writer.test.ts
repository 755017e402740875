import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { errors } from '@elastic/elasticsearch';
import { silentLogger } from '../../common/logger.js';
import { startFakeElasticsearch } from '../../test/helpers/fake-elasticsearch.js';
import { toIndexDocument, type IndexDocument } from '../documents/documents.js';
import { BulkWriter, chunkByBytes } from './bulk-writer.js';

// The mock is CommonJS whose types declare an ES default export; load it the way Node actually resolves it.
// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- the class type of a CommonJS default export
type MockClass = typeof import('@elastic/elasticsearch-mock').default;
const Mock = createRequire(import.meta.url)('@elastic/elasticsearch-mock') as MockClass;
import { createClient } from './client.js';

function docs(n: number, prefix = 'd'): IndexDocument[] {
  return Array.from({ length: n }, (_, i) =>
    toIndexDocument(
      'result',
      { id: `${prefix}${i}`, timestamp: 1_700_000_000_000 + i, process: { pid: i } },
      'default',
    ),
  );
}

function writerFor(url: string, extra: Partial<ConstructorParameters<typeof BulkWriter>[0]> = {}): BulkWriter {
  return new BulkWriter({
    client: createClient({ node: url, requestTimeoutMs: 5_000 }),
    namespace: 'default',
    log: silentLogger(),
    retryDelayMs: 5,
    ...extra,
  });
}

test('indexes into the data stream with create actions and deterministic ids; re-delivery is not doubled', async () => {
  const es = await startFakeElasticsearch();
  try {
    const writer = writerFor(es.url);
    const first = await writer.write(docs(10));
    assert.equal(first.indexed, 10);
    const again = await writer.write(docs(10));
    assert.equal(again.indexed, 0);
    assert.equal(again.duplicates, 10, '409 on create means it is already indexed');
    const stream = es.stored.get('logs-osprey.result-default');
    assert.equal(stream?.size, 10);
    assert.equal(stream?.get('d3')?.['@timestamp'], new Date(1_700_000_000_003).toISOString());
    const firstLine = JSON.parse(es.bodies[0]?.split('\n')[0] ?? '{}');
    assert.deepEqual(firstLine, { create: { _index: 'logs-osprey.result-default', _id: 'd0' } });
  } finally {
    await es.close();
  }
});

test('retries per-item 429s with backoff, dead-letters 400s, loses nothing', async () => {
  const es = await startFakeElasticsearch({
    itemStatus: (action, attempt) => {
      if (action.doc.bad) return 400;
      if (Number(action.id.slice(1)) % 3 === 0 && attempt <= 2) return 429;
      return undefined;
    },
  });
  try {
    const input = docs(30);
    const bad = toIndexDocument('result', { id: 'bad1', timestamp: 1, bad: true }, 'default');
    const outcome = await writerFor(es.url).write([...input, bad]);
    assert.equal(outcome.indexed, 30);
    assert.equal(outcome.rejected.length, 1);
    assert.equal(outcome.rejected[0]?.doc.id, 'bad1');
    assert.equal(outcome.rejected[0]?.status, 400);
    assert.match(JSON.stringify(outcome.rejected[0]?.error), /document_parsing_exception/);
    assert.equal(es.stored.get('logs-osprey.result-default')?.size, 30);
    assert.equal(es.bulkRequests, 3, 'one request, then two retries of the throttled items only');
  } finally {
    await es.close();
  }
});

test('whole-request 503s are retried; a cluster that stays down fails the batch as retriable', async () => {
  const es = await startFakeElasticsearch({ requestStatus: (n) => (n <= 2 ? 503 : undefined) });
  try {
    const outcome = await writerFor(es.url).write(docs(5));
    assert.equal(outcome.indexed, 5);
    es.behaviour.requestStatus = () => 503;
    const err = await writerFor(es.url, { requestRetries: 2 })
      .write(docs(5, 'x'))
      .catch((e: unknown) => e);
    assert.equal((err as { retriable?: boolean }).retriable, true);
    assert.equal(es.stored.get('logs-osprey.result-default')?.has('x0'), false);
    es.behaviour.requestStatus = undefined;
    const later = await writerFor(es.url).write(docs(5, 'x'));
    assert.equal(later.indexed, 5, 'the same batch goes in once the cluster is back');
  } finally {
    await es.close();
  }
});

test('persistent 429s fail the batch as retriable rather than dropping documents', async () => {
  const es = await startFakeElasticsearch({ itemStatus: () => 429 });
  try {
    const err = await writerFor(es.url, { itemRetries: 3 })
      .write(docs(3))
      .catch((e: unknown) => e);
    assert.equal((err as { retriable?: boolean }).retriable, true);
    assert.match(String((err as Error).message), /429/);
  } finally {
    await es.close();
  }
});

test('slow responses still complete; requests are cut by bytes', async () => {
  const es = await startFakeElasticsearch({ delayMs: 150 });
  try {
    const input = docs(40);
    const outcome = await writerFor(es.url, { flushBytes: 1_000, concurrency: 3 }).write(input);
    assert.equal(outcome.indexed, 40);
    assert.ok(es.bulkRequests > 3);
    assert.equal(chunkByBytes(input, 1_000).flat().length, 40);
  } finally {
    await es.close();
  }
});

test('works against @elastic/elasticsearch-mock', async () => {
  const mock = new Mock();
  let received = 0;
  mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
    const lines = Array.isArray(params.body) ? params.body : String(params.body).split('\n').filter(Boolean);
    received += lines.length / 2;
    return { errors: false, items: Array.from({ length: lines.length / 2 }, () => ({ create: { status: 201 } })) };
  });
  mock.add(
    { method: 'HEAD', path: '/' },
    () => new errors.ResponseError({ body: {}, statusCode: 200, headers: {}, warnings: null, meta: {} as never }),
  );
  const writer = new BulkWriter({
    client: createClient({ node: 'http://localhost:9200', Connection: mock.getConnection() }),
    namespace: 'prod',
    log: silentLogger(),
  });
  const outcome = await writer.write(docs(7));
  assert.equal(outcome.indexed, 7);
  assert.equal(received, 7);
});
