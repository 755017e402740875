import assert from 'node:assert/strict';
import { test } from 'node:test';
import type avro from 'avsc';
import { SCHEMA_NAMES } from '../../schemas/generated/index.js';
import { parseAvroSchema } from './avro-types.js';
import { compileReader } from './compile-reader.js';
import { compileWriter, type CompiledWriter } from './compile-writer.js';
import { shippedCatalog } from './schema-catalog.js';

/** The compiled writer's bytes for a value (grown and retried as the codec does), or the error it threw. */
function written(write: CompiledWriter, value: unknown, size = 16): Buffer {
  let scratch = Buffer.alloc(size);
  let end = write(value, scratch, 0);
  if (end > scratch.length) {
    scratch = Buffer.alloc(end);
    end = write(value, scratch, 0);
  }
  return scratch.subarray(0, end);
}

function compiled(type: avro.Type) {
  const write = compileWriter(type);
  const read = compileReader(type);
  assert.ok(write && read, 'the shipped schemas compile');
  return { write, read };
}

const STRINGS = [
  '',
  'a',
  'x'.repeat(63),
  'x'.repeat(64),
  'y'.repeat(65),
  'z'.repeat(300),
  'héllo ✓',
  'é'.repeat(40),
  '日本語のテキスト',
  '\ud83d\ude00 emoji',
  'lone \ud800 high',
  'lone \udc00 low',
  `${'a'.repeat(30)}\ud800`,
  `${'b'.repeat(70)}\ud800`,
  '\u0000nul',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  63,
  64,
  -65,
  2 ** 30,
  -(2 ** 30),
  2 ** 31,
  2 ** 52 + 1,
  -(2 ** 53) + 3,
  9007199254740990,
];
const REALS = [0.5, -1.25, 1e300, Number.NaN, Infinity, -Infinity, 2 ** 60];

test('every shipped schema: compiled bytes equal avsc bytes, and compiled reads equal avsc reads', () => {
  for (const name of SCHEMA_NAMES) {
    const type = shippedCatalog().current(name).type;
    const { write, read } = compiled(type);
    for (let i = 0; i < 300; i++) {
      const value = type.random();
      const expected = type.toBuffer(value);
      assert.deepEqual(written(write, value), expected, `${name} writes as avsc`);
      assert.deepStrictEqual(read(expected, 0), type.fromBuffer(expected), `${name} reads as avsc`);
    }
  }
});

test('strings of every kind (long, non-ASCII, lone surrogates) and numbers at the varint edges are avsc bytes', () => {
  const type = shippedCatalog().current('result_event').type;
  const { write, read } = compiled(type);
  const base = type.random() as unknown as Record<string, unknown>;
  const values = [...STRINGS, ...NUMBERS, ...REALS, null];
  STRINGS.forEach((text, i) => {
    const columns = Object.fromEntries(values.map((v, j) => [`${text}${j}`, v]));
    const value = { ...base, id: text, name: STRINGS[(i + 1) % STRINGS.length], counter: NUMBERS[i % 13], columns };
    const expected = type.toBuffer(value);
    assert.deepEqual(written(write, value), expected, `row ${i} writes as avsc`);
    assert.deepStrictEqual(read(expected, 0), type.fromBuffer(expected), `row ${i} reads as avsc`);
    // Read twice: the second read answers short strings from the cache.
    assert.deepStrictEqual(read(expected, 0), type.fromBuffer(expected), `row ${i} reads as avsc again`);
  });
});

test('fields left undefined take their defaults; fields without a default are refused, as avsc does', () => {
  const type = shippedCatalog().current('enriched_event').type;
  const { write } = compiled(type);
  const minimal = { id: 'e1', timestamp: 1, event: { kind: 'event', dataset: 'osquery.x' } };
  assert.deepEqual(written(write, minimal), type.toBuffer(minimal));
  assert.throws(() => written(write, { ...minimal, id: undefined }));
  assert.throws(() => type.toBuffer({ ...minimal, id: undefined }));
});

test('values avsc refuses are refused: wrong kinds, unsafe longs, unknown enum symbols, bad column values', () => {
  const type = shippedCatalog().current('result_event').type;
  const { write } = compiled(type);
  const base = type.random() as unknown as Record<string, unknown>;
  const bad = [
    { ...base, id: 42 },
    { ...base, unixTime: 1.5 },
    { ...base, unixTime: 2 ** 60 },
    { ...base, unixTime: '1' },
    { ...base, numerics: 'yes' },
    { ...base, action: 'changed' },
    { ...base, columns: { flag: true } },
    { ...base, columns: { big: 9007199254740991 } },
    { ...base, columns: { gone: undefined } },
    { ...base, columns: [] },
    { ...base, decorations: { n: 1 } },
  ];
  for (const value of bad) {
    assert.throws(() => type.toBuffer(value), 'avsc refuses it');
    assert.throws(() => written(write, value), `the compiled writer refuses ${JSON.stringify(value)}`);
  }
});

test('a truncated body, trailing bytes and a bad union index are errors, as with avsc', () => {
  const type = shippedCatalog().current('enriched_event').type;
  const { read, write } = compiled(type);
  const body = written(write, type.random(), 4096);
  assert.throws(() => read(body.subarray(0, body.length - 1), 0), /truncated buffer/);
  assert.throws(() => read(Buffer.concat([body, Buffer.from([0])]), 0), /trailing data/);
  const union = parseAvroSchema({ type: 'record', name: 'U', fields: [{ name: 'u', type: ['null', 'string'] }] });
  assert.throws(() => compiled(union).read(Buffer.from([4]), 0), /invalid union index/);
});

test('a schema with a kind the compiler leaves to avsc compiles to undefined', () => {
  const fixed = parseAvroSchema({ type: 'record', name: 'F', fields: [{ name: 'f', type: 'float' }] });
  assert.ok(compileWriter(fixed), 'float is compiled');
  const wrapped = parseAvroSchema({ type: 'fixed', name: 'Md5', size: 16 });
  assert.equal(compileWriter(wrapped), undefined);
  assert.equal(compileReader(wrapped), undefined);
});
