import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRoot } from '../paths.js';
import { parseAvroSchema, resolverFor } from './avro-types.js';
import { SchemaCatalog, type SchemaVersionEntry } from './schema-catalog.js';
import { AvroCodec } from './avro.js';
import { SCHEMA_NAMES, type SchemaName } from '../../schemas/generated/index.js';

const v1 = parseAvroSchema(readFileSync(fromRoot('common/codec/fixtures/process_row.v1.avsc'), 'utf8'));
const v2 = parseAvroSchema(readFileSync(fromRoot('common/codec/fixtures/process_row.v2.avsc'), 'utf8'));
const oldRow = { hostIdentifier: 'web-1', pid: 42, columns: { name: 'sshd', threads: 3 } };
const newRow = { ...oldRow, cmdline: '/usr/sbin/sshd -D', uid: 0 };

test('a new reader reads old data: added fields take their default null', () => {
  const resolver = resolverFor(v2, v1);
  assert.ok(resolver);
  const read = v2.fromBuffer(v1.toBuffer(oldRow), resolver) as Record<string, unknown>;
  assert.deepEqual({ ...read, columns: { ...(read.columns as object) } }, { ...oldRow, cmdline: null, uid: null });
});

test('an old reader reads new data: fields it does not know are skipped', () => {
  const resolver = resolverFor(v1, v2);
  assert.ok(resolver);
  const read = v1.fromBuffer(v2.toBuffer(newRow), resolver) as Record<string, unknown>;
  assert.deepEqual({ ...read, columns: { ...(read.columns as object) } }, oldRow);
});

test('the codec decodes an older version from the id table through a resolver to the current schema', () => {
  // A catalog whose status_log has a version 1 without `decorations` (history) and a version 2 (current).
  const base = JSON.parse(readFileSync(fromRoot('schemas/registry.json'), 'utf8')) as { schemas: SchemaVersionEntry[] };
  const current = base.schemas.filter((e) => e.name !== 'status_log');
  const v1Schema = JSON.parse(readFileSync(fromRoot('schemas/avro/status_log.avsc'), 'utf8')) as {
    fields: Array<{ name: string }>;
  };
  v1Schema.fields = v1Schema.fields.filter((f) => f.name !== 'decorations');
  const entries: SchemaVersionEntry[] = [
    ...current,
    { id: 901, name: 'status_log', version: 1, record: 'osprey.StatusLog', fingerprint: 'old' },
    { id: 902, name: 'status_log', version: 2, record: 'osprey.StatusLog', fingerprint: 'new' },
  ];
  const catalog = new SchemaCatalog(entries, (path) =>
    path === 'schemas/history/status_log.v1.avsc' ? JSON.stringify(v1Schema) : readFileSync(fromRoot(path), 'utf8'),
  );
  const ids = new Map<SchemaName, number>(SCHEMA_NAMES.map((n) => [n, catalog.current(n).localId]));
  const codec = new AvroCodec(catalog, ids);
  assert.equal(codec.idOf('status_log'), 902);
  const status = {
    hostIdentifier: 'h',
    calendarTime: 'c',
    unixTime: 1,
    severity: 1,
    filename: 'f.ts',
    line: 3,
    message: 'm',
    version: '0.1.0',
  };
  const oldFrame = Buffer.concat([Buffer.from([0, 0, 0, 3, 133]), parseAvroSchema(v1Schema as never).toBuffer(status)]);
  const decoded = codec.decode(oldFrame);
  assert.equal(decoded.schemaName, 'status_log');
  assert.equal(decoded.schemaId, 901);
  assert.deepEqual({ ...decoded.value, decorations: { ...decoded.value.decorations } }, { ...status, decorations: {} });
});
