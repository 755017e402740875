import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { toIndexDocument } from '../documents/documents.js';
import { parseFieldFilter, parseTime, search } from './search.js';
import { DocumentStore } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function processEvent(id: string, ts: number, name: string, cmd: string): ReturnType<typeof toIndexDocument> {
  return toIndexDocument(
    'result',
    {
      id,
      timestamp: ts,
      event: { kind: 'event', category: ['process'], type: ['start'], action: null },
      host: { hostname: 'web-1', ip: ['10.0.0.5', '127.0.0.1'] },
      process: { pid: 4211, name, command_line: cmd, parent: null },
    },
    'default',
  );
}

test('stores each document once, privately, and finds it by text, field, stream and time', () => {
  const store = new DocumentStore({ dir: join(dir, 'a') });
  try {
    assert.equal(statSync(join(dir, 'a')).mode & 0o777, 0o700);
    const docs = [
      processEvent('e1', 1_000, 'nc', 'nc -lvp 4444'),
      processEvent('e2', 2_000, 'curl', 'curl http://example.invalid/x.sh'),
      processEvent('e3', 3_000, 'bash', 'bash -i'),
    ];
    assert.equal(store.write(docs), 3);
    assert.equal(store.write(docs), 0, 'a re-delivered document is not stored twice');
    assert.equal(store.count(), 3);

    assert.deepEqual(
      search(store, { text: 'nc' }).map((d) => d.id),
      ['e1'],
    );
    assert.deepEqual(
      search(store, { text: '4444 lvp' }).map((d) => d.id),
      ['e1'],
    );
    assert.deepEqual(
      search(store, {}).map((d) => d.id),
      ['e3', 'e2', 'e1'],
      'newest first',
    );
    assert.deepEqual(
      search(store, { fields: [parseFieldFilter('process.name=curl')] }).map((d) => d.id),
      ['e2'],
    );
    assert.deepEqual(search(store, { fields: [parseFieldFilter('host.ip=10.0.0.5')] }).length, 3, 'array element');
    assert.deepEqual(
      search(store, { fields: [parseFieldFilter('process.command_line~example.inv')] }).map((d) => d.id),
      ['e2'],
    );
    assert.deepEqual(
      search(store, { since: 1_500, until: 2_500 }).map((d) => d.id),
      ['e2'],
    );
    assert.equal(search(store, { stream: 'alert' }).length, 0);
    assert.equal(search(store, { text: '"unbalanced AND (' }).length, 0, 'user text is never FTS syntax');
    const found = search(store, { text: 'bash' })[0];
    assert.equal(found?.body['@timestamp'], new Date(3_000).toISOString());
    assert.deepEqual(found?.body.data_stream, { type: 'logs', dataset: 'osprey.result', namespace: 'default' });
    assert.equal((found?.body.process as Record<string, unknown>).parent, undefined, 'nulls are dropped');
  } finally {
    store.close();
  }
});

test('retention removes old documents by age and keeps the store under its size', () => {
  const store = new DocumentStore({ dir: join(dir, 'b'), maxAgeMs: 10_000 });
  try {
    store.write([processEvent('old', 1_000, 'a', 'a'), processEvent('new', 50_000, 'b', 'b')]);
    assert.equal(store.enforceRetention(55_000), 1);
    assert.deepEqual(
      search(store, {}).map((d) => d.id),
      ['new'],
    );
    assert.equal(search(store, { text: 'a' }).length, 0, 'the text index forgets deleted documents');
  } finally {
    store.close();
  }
  const small = new DocumentStore({ dir: join(dir, 'c'), maxBytes: 200_000 });
  try {
    const many = Array.from({ length: 3000 }, (_, i) => processEvent(`m${i}`, i, 'p', `cmd ${'x'.repeat(200)} ${i}`));
    small.write(many);
    assert.ok(small.sizeBytes() > 200_000);
    assert.ok(small.enforceRetention() > 0);
    assert.ok(small.sizeBytes() <= 200_000 || small.count() === 0);
    const newest = search(small, { limit: 1 })[0];
    assert.equal(newest?.id, 'm2999', 'the newest survive');
  } finally {
    small.close();
  }
});

test('survives reopening', () => {
  const first = new DocumentStore({ dir: join(dir, 'd') });
  first.write([processEvent('keep', 5, 'sshd', 'sshd -D')]);
  first.close();
  const second = new DocumentStore({ dir: join(dir, 'd') });
  try {
    assert.deepEqual(
      search(second, { text: 'sshd' }).map((d) => d.id),
      ['keep'],
    );
  } finally {
    second.close();
  }
});

test('parses times and filters with clear errors', () => {
  assert.equal(parseTime('15m', 1_000_000), 1_000_000 - 900_000);
  assert.equal(parseTime('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
  assert.throws(() => parseTime('yesterday'), /Time "yesterday"/);
  assert.throws(() => parseFieldFilter('nonsense'), /FIELD=VALUE/);
});
