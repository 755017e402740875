import assert from 'node:assert/strict';
import avro from 'avsc';
import { test } from 'node:test';
import { OspreyError } from '../errors.js';
import { SCHEMA_NAMES } from '../../schemas/generated/index.js';
import { decode, defaultCodec, encode } from './avro.js';
import { shippedCatalog } from './schema-catalog.js';

const row = {
  id: 'a'.repeat(64),
  name: 'pack_it_processes',
  hostIdentifier: 'web-1',
  calendarTime: 'Sun Nov 22 05:42:40 2026 UTC',
  unixTime: 1795326160,
  epoch: 0,
  counter: 3,
  numerics: false,
  action: 'added' as const,
  decorations: { host_uuid: '4c4c4544-0042' },
  columns: { pid: '42', name: 'sshd', cmdline: '', path: '/usr/sbin/sshd' },
};

test('a result event round-trips with Confluent framing: magic 0 and the big-endian id from schemas/registry.json', () => {
  const buffer = encode('result_event', row);
  assert.equal(buffer[0], 0);
  assert.equal(buffer.readInt32BE(1), shippedCatalog().current('result_event').localId);
  const decoded = decode(buffer);
  assert.equal(decoded.schemaName, 'result_event');
  assert.deepEqual({ ...decoded.value }, row);
});

test('numeric column values keep their kind: safe integers as long, reals as double, null and strings as such', () => {
  const columns = { pid: 42, load: 0.75, big: 2 ** 60, empty: null, name: 'sshd', negative: -7 };
  const decoded = decode(encode('result_event', { ...row, numerics: true, columns }));
  assert.deepEqual({ ...(decoded.value as { columns: object }).columns }, columns);
});

test('column values are on the wire exactly as plain Avro writes the union (other readers see the same bytes)', () => {
  const schema = JSON.parse(shippedCatalog().current('result_event').text) as avro.Schema;
  const plain = avro.Type.forSchema(schema, { wrapUnions: true });
  const columns = { pid: 42, load: 0.75, empty: null, name: 'sshd', accent: 'héllo ✓', negative: -7 };
  const wrapped = {
    pid: { long: 42 },
    load: { double: 0.75 },
    empty: null,
    name: { string: 'sshd' },
    accent: { string: 'héllo ✓' },
    negative: { long: -7 },
  };
  const ours = encode('result_event', { ...row, numerics: true, columns });
  const theirs = plain.toBuffer({ ...row, numerics: true, columns: wrapped });
  assert.deepEqual(ours.subarray(5), theirs);
  const read = plain.fromBuffer(ours.subarray(5)) as { columns: object };
  assert.deepEqual(JSON.parse(JSON.stringify(read.columns)), wrapped); // avsc's branch objects, as plain data
});

test('a column value that is neither string, number nor null is an ENCODE_ERROR', () => {
  const columns = { flag: true } as unknown as Record<string, string>;
  assert.throws(
    () => encode('result_event', { ...row, columns }),
    (err: unknown) => err instanceof OspreyError && err.code === 'ENCODE_ERROR' && /flag/.test(err.message),
  );
});

test('every shipped schema round-trips random valid values', () => {
  const codec = defaultCodec();
  for (const name of SCHEMA_NAMES) {
    const type = shippedCatalog().current(name).type;
    for (let i = 0; i < 20; i++) {
      const value = type.random() as never;
      const decoded = codec.decode(codec.encode(name, value));
      assert.equal(decoded.schemaName, name);
      assert.ok(type.isValid(decoded.value), `${name} decoded to a valid value`);
      assert.deepEqual(type.toBuffer(decoded.value), type.toBuffer(value), `${name} round-trips`);
    }
  }
});

test('fields with defaults may be left out when encoding', () => {
  const withoutDecorations: Partial<typeof row> = { ...row };
  delete withoutDecorations.decorations;
  const decoded = decode(encode('result_event', withoutDecorations as Omit<typeof row, 'decorations'>));
  assert.deepEqual({ ...(decoded.value as { decorations: object }).decorations }, {});
});

test('an invalid value is an ENCODE_ERROR naming the bad field', () => {
  assert.throws(
    () => encode('result_event', { ...row, counter: 'three' as unknown as number }),
    (err: unknown) => err instanceof OspreyError && err.code === 'ENCODE_ERROR' && /counter/.test(err.message),
  );
});

function assertDecodeError(buffer: Buffer, pattern: RegExp): void {
  assert.throws(
    () => decode(buffer, { topic: 'osprey.results', partition: 2, offset: '17' }),
    (err: unknown) => {
      assert.ok(err instanceof OspreyError);
      assert.equal(err.code, 'DECODE_ERROR');
      assert.equal(err.retriable, false);
      assert.match(err.message, /osprey\.results\/2@17/);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

test('garbage, an unknown id, a wrong magic byte, truncation and trailing bytes are DECODE_ERRORs naming the place', () => {
  const good = encode('result_event', row);
  assertDecodeError(Buffer.from('{"name":"json"}'), /magic byte 123/);
  assertDecodeError(Buffer.from([0, 0]), /shorter than the 5-byte header/);
  const unknownId = Buffer.from(good);
  unknownId.writeInt32BE(999_999, 1);
  assertDecodeError(unknownId, /unknown schema id 999999/);
  assertDecodeError(good.subarray(0, good.length - 3), /result_event/);
  assertDecodeError(Buffer.concat([good, Buffer.from([1, 2, 3])]), /result_event/);
});
