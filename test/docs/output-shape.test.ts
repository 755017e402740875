import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shapeMismatch } from './output-shape.js';

const table = (column: string, value: string): string[] => [
  `+----+`,
  `| ${column} |`,
  `+----+`,
  `| ${value} |`,
  `+----+`,
];

test('the same table columns with other values have the shape shown; other columns do not', () => {
  assert.equal(shapeMismatch(table('pid', '28267'), table('pid', '1')), undefined);
  assert.match(shapeMismatch(table('pid', '1'), table('name', 'node')) ?? '', /header: shown "pid", printed "name"/);
});

test('search output: the header and count lines must be shown when printed, and the streams shown printed', () => {
  const printed = [
    'time                 stream  host  summary',
    '2018-07-05 19:07:20  alert         [high] IDS alert',
    '(1 shown)',
  ];
  const shown = [
    'time                 stream  host  summary',
    '2026-11-22 07:27:00  alert   vm    [medium] IDS alert ...',
    '(1 shown)',
  ];
  assert.equal(shapeMismatch(shown, printed), undefined);
  assert.match(shapeMismatch(shown.slice(1, 2), printed) ?? '', /kinds of lines/);
  assert.match(
    shapeMismatch(shown, [printed[0] ?? '', printed[1]?.replace('alert', 'result') ?? '', '(1 shown)']) ?? '',
    /record lines shown but not printed: alert/,
  );
});

test('JSON lines: every printed line is one object, with the keys shown', () => {
  const shown = ['{"id":"a","@timestamp":"2026-11-22T07:27:00.000Z","event":{}}'];
  assert.equal(shapeMismatch(shown, ['{"id":"b","@timestamp":"x","event":{"kind":"event"},"source":{}}']), undefined);
  assert.match(shapeMismatch(shown, ['{"id":"b","event":{}}']) ?? '', /JSON keys shown but not printed: @timestamp/);
  assert.match(
    shapeMismatch(shown, ['{"id":"b","@timestamp":"x","event":{}', 'trailing']) ?? '',
    /kinds of lines|not one JSON object/,
  );
});

test('line mode keys, error lines and labelled text lines', () => {
  assert.equal(
    shapeMismatch(['    name = Debian', 'codename = bookworm'], ['    name = Ubuntu', 'codename = noble']),
    undefined,
  );
  assert.match(shapeMismatch(['name = Debian'], ['version = 12']) ?? '', /kv/);
  assert.equal(shapeMismatch(['Error: no such table: nope'], ['Error: no such table: nope']), undefined);
  assert.match(shapeMismatch(['Error: no such table: nope'], ['+--+']) ?? '', /kinds of lines/);
  // A status line with a timestamp (not a terminal) is the same kind of line as the terminal's.
  assert.equal(
    shapeMismatch(['rows collected 1064 | alerts 0'], ['2026-12-05T09:12:09.862Z rows collected 951 | alerts 1']),
    undefined,
  );
});
