import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  booleanValue,
  integerValue,
  matchMetaCommand,
  resolveBackslashes,
  tokenizeMeta,
  unknownCommandMessage,
} from './meta-parse.js';

describe('tokenizeMeta', () => {
  const table: Array<[string, string[]]> = [
    ['.mode line', ['mode', 'line']],
    ['.print  a   b ', ['print', 'a', 'b']],
    ['.print \'a b\' "c d"', ['print', 'a b', 'c d']],
    ['.separator "\\t"', ['separator', '\t']],
    ['.separator \\n', ['separator', '\n']],
    ['.print "say \\"hi\\""', ['print', 'say "hi"']],
    [".print 'no \\t escape'", ['print', 'no \\t escape']],
    ['.print \\101\\102', ['print', 'AB']],
    ['.print \\0102', ['print', '\b2']],
    ['.', []],
    ['.   ', []],
  ];
  for (const [line, words] of table) {
    it(JSON.stringify(line), () => assert.deepEqual(tokenizeMeta(line), words));
  }
  it('stops at 50 words', () => assert.equal(tokenizeMeta(`.print ${'x '.repeat(80)}`).length, 50));
  it('resolves an unknown escape to the character itself', () =>
    assert.equal(resolveBackslashes('a\\qb\\\\'), 'aqb\\'));
});

describe('booleanValue (osquery tryTo<bool> plus integers)', () => {
  const table: Array<[string, boolean, boolean]> = [
    ['on', true, false],
    ['ON', true, false],
    ['off', false, false],
    ['yes', true, false],
    ['No', false, false],
    ['true', true, false],
    ['f', false, false],
    ['ok', true, false],
    ['enable', true, false],
    ['disable', false, false],
    ['1', true, false],
    ['0', false, false],
    ['2', true, false],
    ['0x10', true, false],
    ['0x0', false, false],
    ['maybe', false, true],
    ['1x', false, true],
    ['', false, true],
  ];
  for (const [word, value, warns] of table) {
    it(`${JSON.stringify(word)} -> ${value}${warns ? ' with a warning' : ''}`, () => {
      const parsed = booleanValue(word);
      assert.equal(parsed.value, value);
      assert.equal(parsed.warning !== undefined, warns);
    });
  }
  it('uses osqueryi wording for the warning', () => {
    assert.equal(booleanValue('maybe').warning, 'ERROR: Not a boolean value: "maybe". Assuming "no".');
  });
});

describe('integerValue (sqlite)', () => {
  const table: Array<[string, number]> = [
    ['12', 12],
    ['-3', -3],
    ['+4', 4],
    ['0x1f', 31],
    ['2K', 2000],
    ['2KiB', 2048],
    ['1mb', 1_000_000],
    ['abc', 0],
    ['7x', 7],
  ];
  for (const [text, value] of table) it(`${text} -> ${value}`, () => assert.equal(integerValue(text), value));
});

describe('matchMetaCommand: prefixes in osquery order', () => {
  const table: Array<[string, ReturnType<typeof matchMetaCommand>]> = [
    ['.s', 'socket'],
    ['.sc', 'schema'],
    ['.sc pro', 'schema'],
    ['.se ,', 'separator'],
    ['.sh', 'show'],
    ['.su', 'show'],
    ['.summary', 'show'],
    ['.t', 'tables'],
    ['.tables pro', 'tables'],
    ['.li', 'tables'],
    ['.l', undefined],
    ['.timer on', 'timer'],
    ['.tim on', undefined],
    ['.timeout 10', 'timeout'],
    ['.e', 'exit'],
    ['.e on', 'echo'],
    ['.exit 3', 'exit'],
    ['.h', 'help'],
    ['.h off', 'headers'],
    ['.header off', 'headers'],
    ['.headers', undefined],
    ['.he', 'help'],
    ['.ba on', undefined],
    ['.bai on', 'bail'],
    ['.bail', undefined],
    ['.pr x y', undefined],
    ['.pri x y', 'print'],
    ['.a', undefined],
    ['.a processes', 'all'],
    ['.m csv', 'mode'],
    ['.mode', undefined],
    ['.n NULL', 'nullvalue'],
    ['.q', 'quit'],
    ['.q now', undefined],
    ['.v', 'version'],
    ['.w 5 5', 'width'],
    ['.w', undefined],
    ['.f', 'features'],
    ['.c /tmp/x.em', 'connect'],
    ['.d', 'disconnect'],
    ['.types', undefined],
    ['.tablesx', undefined],
    ['.quitnow', undefined],
  ];
  for (const [line, name] of table) {
    it(`${line} -> ${String(name)}`, () => assert.equal(matchMetaCommand(tokenizeMeta(line)), name));
  }
  it('formats the unknown-command error with two spaces after the colon', () => {
    assert.equal(
      unknownCommandMessage('bogus'),
      'Error: unknown command or invalid arguments:  "bogus". Enter ".help" for help',
    );
  });
});
