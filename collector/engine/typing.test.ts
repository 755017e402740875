import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { converterFor, parseIntegerBase0 } from './typing.js';

describe('osquery value typing', () => {
  it('parses integers with base 0 and refuses trailing garbage', () => {
    assert.equal(parseIntegerBase0('0x10'), 16);
    assert.equal(parseIntegerBase0('-0x10'), -16);
    assert.equal(parseIntegerBase0('010'), 8);
    assert.equal(parseIntegerBase0(' 42'), 42);
    assert.equal(parseIntegerBase0('0'), 0);
    assert.equal(parseIntegerBase0('08'), null);
    assert.equal(parseIntegerBase0('12abc'), null);
    assert.equal(parseIntegerBase0('9223372036854775807'), 9223372036854775807n);
    assert.equal(parseIntegerBase0('9223372036854775808'), null);
  });

  it('maps missing and empty values to NULL in numeric columns only', () => {
    const integer = converterFor('BIGINT');
    const double = converterFor('DOUBLE');
    const text = converterFor('TEXT');
    assert.deepEqual([integer(undefined), integer(''), integer(7.9), integer(12n)], [null, null, 7, 12]);
    assert.deepEqual([double(''), double('2.5e3'), double('x'), double(3)], [null, 2500, null, 3]);
    assert.deepEqual([text(undefined), text(''), text(5), text(5n)], [null, '', '5', '5']);
  });
});
