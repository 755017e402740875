import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode, defaultCodec } from '../../../common/codec/avro.js';
import { TOPICS } from '../../../common/topics.js';
import { DEFAULT_FORMAT, formatDiff } from '../format.js';
import type { DiffRecord } from '../types.js';
import { DEDUPE_HEADER, dedupeId, toMessages, type MessageSettings } from './messages.js';

const record: DiffRecord = {
  kind: 'diff',
  name: 'processes',
  hostIdentifier: 'web-1',
  calendarTime: 'c',
  unixTime: 1,
  epoch: 2,
  counter: 3,
  numerics: true,
  removed: [],
  added: [{ pid: 42, name: 'sshd', load: 0.5 }],
};
const settings = (format: 'avro' | 'json', eventFormat = true): MessageSettings => ({
  format,
  codec: defaultCodec(),
  formatOptions: { ...DEFAULT_FORMAT, eventFormat },
  topicFor: () => TOPICS.results,
});

test('the dedupe id does not depend on column order and changes with host, query, epoch, counter, action or row', () => {
  const id = dedupeId(record, 'added', { pid: 42, name: 'sshd' });
  assert.equal(dedupeId(record, 'added', { name: 'sshd', pid: 42 }), id);
  assert.match(id, /^[0-9a-f]{64}$/);
  for (const changed of [
    { ...record, hostIdentifier: 'web-2' },
    { ...record, name: 'q2' },
    { ...record, epoch: 3 },
    { ...record, counter: 4 },
  ]) {
    assert.notEqual(dedupeId(changed, 'added', { pid: 42, name: 'sshd' }), id);
  }
  assert.notEqual(dedupeId(record, 'removed', { pid: 42, name: 'sshd' }), id);
  assert.notEqual(dedupeId(record, 'added', { pid: 43, name: 'sshd' }), id);
});

test('avro messages keep numerics as numbers and carry key and dedupe header', () => {
  const [routed] = toMessages(record, settings('avro'));
  assert.ok(routed);
  assert.equal(routed.message.key, 'web-1');
  const value = decode(routed.message.value).value as {
    id: string;
    columns: Record<string, unknown>;
    numerics: boolean;
  };
  assert.equal(routed.message.headers?.[DEDUPE_HEADER], value.id);
  assert.deepEqual({ ...value.columns }, { pid: 42, name: 'sshd', load: 0.5 });
  assert.equal(value.numerics, true);
});

test("json batch format: one message per execution, osquery's line, one dedupe id", () => {
  const routed = toMessages(record, settings('json', false));
  assert.equal(routed.length, 1);
  assert.equal(routed[0]?.message.value.toString(), formatDiff(record, { ...DEFAULT_FORMAT, eventFormat: false })[0]);
  assert.match(routed[0]?.message.headers?.[DEDUPE_HEADER] ?? '', /^[0-9a-f]{64}$/);
});

test('a query with no topic produces no message', () => {
  assert.deepEqual(toMessages(record, { ...settings('json'), topicFor: () => undefined }), []);
});
