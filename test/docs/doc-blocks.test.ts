import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocCommands, shellWords, splitCommands, stripComment } from './doc-blocks.js';

const fence = '```';

test('reads transcripts: $ lines are commands, the lines after them their output', () => {
  const md = [
    'Text.',
    '',
    fence,
    '$ osprey shell ".tables pro"   # the p tables',
    '  => processes',
    '$ osprey search',
    fence,
  ].join('\n');
  const commands = parseDocCommands(md, 'X.md');
  assert.deepEqual(
    commands.map((c) => [c.where, c.text, c.shown]),
    [
      ['X.md:4', 'osprey shell ".tables pro"', ['  => processes']],
      ['X.md:6', 'osprey search', []],
    ],
  );
});

test('reads sh blocks and plain blocks of commands, with continuations and && lists; ignores other blocks', () => {
  const md = [
    `${fence}sh`,
    'npm install && npm start   # all of it',
    fence,
    fence,
    'osprey daemon --config_path F \\',
    '  --logger_plugin filesystem',
    fence,
    fence,
    'Osprey is running.',
    fence,
    `${fence}yaml`,
    'osprey: 1',
    fence,
    `${fence}sql`,
    'SELECT 1;',
    fence,
  ].join('\n');
  assert.deepEqual(
    parseDocCommands(md, 'X.md').map((c) => c.text),
    ['npm install', 'npm start', 'osprey daemon --config_path F --logger_plugin filesystem'],
  );
});

test('markers skip a block or a line with a reason, and attach an output block to a command', () => {
  const md = [
    '<!-- doc-test: skip "npm test" (the suite itself) -->',
    `${fence}sh`,
    'npm start',
    'npm test',
    fence,
    '<!-- doc-test: output of "npm start" -->',
    fence,
    'Osprey is running.',
    fence,
    '<!-- doc-test: skip (needs a real Kafka cluster) -->',
    fence,
    'osprey run --kafka k:9092',
    fence,
  ].join('\n');
  const commands = parseDocCommands(md, 'X.md');
  assert.deepEqual(
    commands.map((c) => [c.text, c.skip, c.shown]),
    [
      ['npm start', undefined, ['Osprey is running.']],
      ['npm test', 'the suite itself', []],
      ['osprey run --kafka k:9092', 'needs a real Kafka cluster', []],
    ],
  );
});

test('a marker that is misspelt or matches nothing is an error, never a silent skip', () => {
  assert.throws(
    () => parseDocCommands(`<!-- doc-test: skipp (x) -->\n${fence}sh\nnpm start\n${fence}`, 'X.md'),
    /X\.md:1: doc-test marker "skipp \(x\)"/,
  );
  assert.throws(
    () => parseDocCommands(`<!-- doc-test: skip "npm tset" (x) -->\n${fence}sh\nnpm test\n${fence}`, 'X.md'),
    /X\.md:1: .*matches no command/,
  );
});

test('shell words, comments and command lists respect quotes', () => {
  assert.deepEqual(shellWords(`osprey shell "SELECT * FROM file WHERE path = '/etc/hostname'" --line`), [
    'osprey',
    'shell',
    "SELECT * FROM file WHERE path = '/etc/hostname'",
    '--line',
  ]);
  assert.equal(
    stripComment('osprey shell "SELECT 1 # not a comment"  # a comment'),
    'osprey shell "SELECT 1 # not a comment"  ',
  );
  assert.deepEqual(splitCommands(`/bin/true; echo "a && b" && echo c`), ['/bin/true', 'echo "a && b"', 'echo c']);
});
