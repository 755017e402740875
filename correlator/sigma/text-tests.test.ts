/**
 * A list of plain values compiles to one list test (text-tests.ts literalListTest); it must answer exactly as the
 * values compiled one by one and OR-ed, which is how a one-value list still compiles.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileValues, type FieldValue } from './values.js';

const VALUES: unknown[] = ['/usr/bin/nc', 'NCAT', 'wget*http', 'ba?e64', 'a\\*b', '/tmp/', '4444', 'true'];
const SUBJECTS: FieldValue[] = [
  '/usr/bin/nc',
  '/USR/BIN/NC',
  '/usr/bin/ncat -l 4444',
  'wget -q http://x/y',
  'echo base64 | sh',
  'a*b',
  'axb',
  '/tmp/x',
  '4444',
  4444,
  true,
  '',
  null,
  undefined,
  ['-l', 'NCAT'],
  [],
];

function eachAlone(modifiers: string[], values: unknown[]): (value: FieldValue) => boolean {
  const parts = values.map((v) => compileValues(modifiers, [v]));
  return (value) => parts.some((p) => p(value));
}

test('a list of plain strings answers as its values OR-ed, in every string mode and cased', () => {
  for (const modifiers of [[], ['contains'], ['startswith'], ['endswith'], ['contains', 'cased'], ['cased']]) {
    const list = compileValues(modifiers, VALUES);
    const alone = eachAlone(modifiers, VALUES);
    for (const subject of SUBJECTS)
      assert.equal(list(subject), alone(subject), `${modifiers.join('|')} on ${JSON.stringify(subject)}`);
  }
});

test('numbers and booleans in a list without modifiers compare as text, as they do alone', () => {
  const values = [4444, 8080, true, 'ABC'];
  const list = compileValues([], values);
  const alone = eachAlone([], values);
  for (const subject of [...SUBJECTS, 8080, '8080', 'abc', 'TRUE', 80, ['1', '4444']])
    assert.equal(list(subject), alone(subject), JSON.stringify(subject));
  assert.equal(list(8080), true);
  assert.equal(list('Abc'), true);
  assert.equal(list(80), false);
});

test('lists the list test does not cover (all, null, transforms) still compile value by value', () => {
  assert.equal(compileValues(['contains', 'all'], ['a', 'b'])('xaxb'), true);
  assert.equal(compileValues(['contains', 'all'], ['a', 'b'])('xax'), false);
  assert.equal(compileValues([], ['a', null])(undefined), true);
  assert.equal(compileValues(['contains'], [1, 'x'])('1'), true);
});

test('equality skips lower-casing texts of another length, and still meets the Kelvin sign that lower-cases to k', () => {
  const kelvin = '\u212A';
  for (const values of [['kill'], ['kill', 'pkill'], [1234]]) {
    const test = compileValues([], values);
    const word = String(values[0]);
    assert.equal(test(word.toUpperCase()), true, `${word} upper-cased`);
    if (word.includes('k')) assert.equal(test(word.replace('k', kelvin)), true, `${word} with a Kelvin sign`);
    assert.equal(test(`${word}x`), false);
    assert.equal(test(word.slice(1)), false);
  }
  assert.equal(compileValues([], ['\u0130x'])('\u0130X'), true, 'a value beyond ASCII still compares lower-cased');
});
