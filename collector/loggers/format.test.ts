import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calendarTime, formatDiff, formatSnapshot, formatStatus } from './format.js';
import type { DiffRecord, SnapshotRecord, StatusRecord } from './types.js';

const header = {
  name: 'test_query',
  hostIdentifier: 'unknown_test_host',
  calendarTime: 'no_time',
  unixTime: 0,
  epoch: 0,
  counter: 0,
  numerics: false,
};

const EVENT = { eventFormat: true, snapshotEventFormat: false, decorationsTopLevel: false };
const BATCH = { eventFormat: false, snapshotEventFormat: false, decorationsTopLevel: false };

test('event format matches osquery logger test string byte for byte', () => {
  const record: DiffRecord = { kind: 'diff', ...header, removed: [], added: [{ test_column: 'test_value' }] };
  assert.deepEqual(formatDiff(record, EVENT), [
    '{"name":"test_query","hostIdentifier":"unknown_test_host","calendarTime":"no_time","unixTime":0,"epoch":0,"counter":0,"numerics":false,"columns":{"test_column":"test_value"},"action":"added"}',
  ]);
});

test('event format: removed lines come before added lines, columns sorted, decorations after numerics', () => {
  const record: DiffRecord = {
    kind: 'diff',
    ...header,
    counter: 3,
    decorations: { zone: 'b', host_uuid: 'a' },
    removed: [{ z: '1', a: '2' }],
    added: [{ b: 'x' }],
  };
  const lines = formatDiff(record, EVENT);
  assert.equal(lines.length, 2);
  assert.equal(
    lines[0],
    '{"name":"test_query","hostIdentifier":"unknown_test_host","calendarTime":"no_time","unixTime":0,"epoch":0,"counter":3,"numerics":false,"decorations":{"host_uuid":"a","zone":"b"},"columns":{"a":"2","z":"1"},"action":"removed"}',
  );
  assert.match(lines[1] ?? '', /"columns":\{"b":"x"\},"action":"added"\}$/);
});

test('batch format puts diffResults first with removed before added', () => {
  const record: DiffRecord = { kind: 'diff', ...header, removed: [{ a: '1' }], added: [] };
  assert.deepEqual(formatDiff(record, BATCH), [
    '{"diffResults":{"removed":[{"a":"1"}],"added":[]},"name":"test_query","hostIdentifier":"unknown_test_host","calendarTime":"no_time","unixTime":0,"epoch":0,"counter":0,"numerics":false}',
  ]);
});

test('batch format logs an empty first run; event format logs nothing', () => {
  const record: DiffRecord = { kind: 'diff', ...header, removed: [], added: [] };
  assert.equal(formatDiff(record, BATCH).length, 1);
  assert.deepEqual(formatDiff(record, EVENT), []);
});

test('snapshot format: one line with snapshot and action first, even with no rows', () => {
  const record: SnapshotRecord = { kind: 'snapshot', ...header, rows: [{ b: '2', a: '1' }] };
  assert.deepEqual(formatSnapshot(record), [
    '{"snapshot":[{"a":"1","b":"2"}],"action":"snapshot","name":"test_query","hostIdentifier":"unknown_test_host","calendarTime":"no_time","unixTime":0,"epoch":0,"counter":0,"numerics":false}',
  ]);
  assert.deepEqual(formatSnapshot({ ...record, rows: [] }), [
    '{"snapshot":[],"action":"snapshot","name":"test_query","hostIdentifier":"unknown_test_host","calendarTime":"no_time","unixTime":0,"epoch":0,"counter":0,"numerics":false}',
  ]);
});

test('snapshot event type: one event-shaped line a row with action snapshot', () => {
  const record: SnapshotRecord = { kind: 'snapshot', ...header, rows: [{ a: '1' }, { a: '2' }] };
  const lines = formatSnapshot(record, { ...EVENT, snapshotEventFormat: true });
  assert.equal(lines.length, 2);
  assert.match(lines[0] ?? '', /"numerics":false,"columns":\{"a":"1"\},"action":"snapshot"\}$/);
  assert.deepEqual(formatSnapshot({ ...record, rows: [] }, { ...EVENT, snapshotEventFormat: true }), []);
});

test('decorations_top_level merges decorations after numerics and replaces colliding keys in place', () => {
  const record: DiffRecord = {
    kind: 'diff',
    ...header,
    decorations: { username: 'root', name: 'decorated' },
    removed: [],
    added: [{ a: '1' }],
  };
  assert.deepEqual(formatDiff(record, { ...EVENT, decorationsTopLevel: true }), [
    '{"name":"decorated","hostIdentifier":"unknown_test_host","calendarTime":"no_time","unixTime":0,"epoch":0,"counter":0,"numerics":false,"username":"root","columns":{"a":"1"},"action":"added"}',
  ]);
});

test('numerics: numbers are JSON numbers, strings are escaped by JSON rules', () => {
  const record: DiffRecord = {
    kind: 'diff',
    ...header,
    numerics: true,
    removed: [],
    added: [{ n: 42, d: 2.5, s: 'q"\\' }],
  };
  assert.match(formatDiff(record, EVENT)[0] ?? '', /"numerics":true,"columns":\{"d":2\.5,"n":42,"s":"q\\"\\\\"\}/);
});

test('calendarTime is asctime of UTC with a space-padded day', () => {
  assert.equal(calendarTime(Date.UTC(2026, 0, 5, 3, 4, 5) / 1000), 'Mon Jan  5 03:04:05 2026 UTC');
  assert.equal(calendarTime(1554820120), 'Tue Apr  9 14:28:40 2019 UTC');
  assert.equal(calendarTime(0), 'Thu Jan  1 00:00:00 1970 UTC');
});

test('status lines have osquery buffered-logger keys in order', () => {
  const status: StatusRecord = {
    kind: 'status',
    hostIdentifier: 'h',
    calendarTime: 'c',
    unixTime: 1,
    severity: 1,
    filename: 'scheduler.cpp',
    line: 88,
    message: 'm',
    version: '5.23.0',
  };
  assert.equal(
    formatStatus(status),
    '{"hostIdentifier":"h","calendarTime":"c","unixTime":1,"severity":1,"filename":"scheduler.cpp","line":88,"message":"m","version":"5.23.0"}',
  );
});
