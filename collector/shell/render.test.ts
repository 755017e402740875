import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatReal,
  renderColumn,
  renderCsv,
  renderJson,
  renderJsonPretty,
  renderLine,
  renderList,
  renderPretty,
  renderResult,
  sqlText,
  type RenderSettings,
  type TextResult,
} from './render.js';
import { csvField, jsonString } from './text.js';

/** The reference sample (docs/osquery-compatibility.md §1.4): columns pid, name; rows (1, systemd) and (1234, my proc). */
const SAMPLE: TextResult = {
  columns: ['pid', 'name'],
  rows: [
    ['1', 'systemd'],
    ['1234', 'my proc'],
  ],
};
const EMPTY: TextResult = { columns: ['pid', 'name'], rows: [] };
const SELECT_0: TextResult = { columns: ['0'], rows: [['0']] };

const BASE: RenderSettings = {
  mode: 'pretty',
  header: true,
  separator: '|',
  nullvalue: '',
  nullvalueFlag: '',
  json: false,
  jsonPretty: false,
  widths: [],
};

const cases: Array<{ name: string; result: TextResult; settings: Partial<RenderSettings>; expected: string }> = [
  {
    name: 'pretty',
    result: SAMPLE,
    settings: {},
    expected:
      '+------+---------+\n| pid  | name    |\n+------+---------+\n| 1    | systemd |\n| 1234 | my proc |\n+------+---------+\n',
  },
  { name: 'pretty, 0 rows prints nothing', result: EMPTY, settings: {}, expected: '' },
  {
    name: 'line',
    result: SAMPLE,
    settings: { mode: 'line' },
    expected: '  pid = 1\n name = systemd\n\n  pid = 1234\n name = my proc\n',
  },
  { name: 'line, 0 rows', result: EMPTY, settings: { mode: 'line' }, expected: '' },
  { name: 'list', result: SAMPLE, settings: { mode: 'list' }, expected: 'pid|name\n1|systemd\n1234|my proc\n' },
  {
    name: 'list without header',
    result: SAMPLE,
    settings: { mode: 'list', header: false },
    expected: '1|systemd\n1234|my proc\n',
  },
  { name: 'list, 0 rows has no header', result: EMPTY, settings: { mode: 'list' }, expected: '' },
  {
    name: 'csv',
    result: SAMPLE,
    settings: { mode: 'csv', separator: ',' },
    expected: 'pid,name\n1,systemd\n1234,"my proc"\n',
  },
  {
    name: 'csv under --csv keeps |',
    result: SAMPLE,
    settings: { mode: 'csv' },
    expected: 'pid|name\n1|systemd\n1234|"my proc"\n',
  },
  { name: 'csv, 0 rows', result: EMPTY, settings: { mode: 'csv', separator: ',' }, expected: '' },
  {
    name: 'column',
    result: SAMPLE,
    settings: { mode: 'column' },
    expected: 'pid         name      \n----------  ----------\n1           systemd   \n1234        my proc   \n',
  },
  {
    name: 'column without header',
    result: SAMPLE,
    settings: { mode: 'column', header: false },
    expected: '1           systemd   \n1234        my proc   \n',
  },
  { name: 'column, 0 rows', result: EMPTY, settings: { mode: 'column' }, expected: '' },
  {
    name: 'column with .width (truncates, negative right-aligns)',
    result: SAMPLE,
    settings: { mode: 'column', widths: [-5, 3] },
    expected: '  pid  nam\n-----  ---\n    1  sys\n 1234  my \n',
  },
  {
    name: 'json',
    result: SAMPLE,
    settings: { json: true },
    expected: '[\n  {"name":"systemd","pid":"1"},\n  {"name":"my proc","pid":"1234"}\n]\n',
  },
  {
    name: 'json: osqueryi "select 0" --json',
    result: SELECT_0,
    settings: { json: true },
    expected: '[\n  {"0":"0"}\n]\n',
  },
  { name: 'json, 0 rows', result: EMPTY, settings: { json: true }, expected: '[\n\n]\n' },
  {
    name: 'json_pretty: "select 0"',
    result: SELECT_0,
    settings: { jsonPretty: true },
    expected: '[\n  {\n    "0": "0"\n  }\n]\n',
  },
  { name: 'json_pretty, 0 rows', result: EMPTY, settings: { jsonPretty: true }, expected: '[]\n' },
  {
    name: 'json_pretty wins over json, keys sorted',
    result: SAMPLE,
    settings: { json: true, jsonPretty: true },
    expected:
      '[\n  {\n    "name": "systemd",\n    "pid": "1"\n  },\n  {\n    "name": "my proc",\n    "pid": "1234"\n  }\n]\n',
  },
  {
    name: 'json only changes pretty mode',
    result: SAMPLE,
    settings: { mode: 'list', json: true },
    expected: 'pid|name\n1|systemd\n1234|my proc\n',
  },
];

describe('renderResult reproduces osqueryi output byte for byte', () => {
  for (const c of cases) {
    it(c.name, () => assert.equal(renderResult(c.result, { ...BASE, ...c.settings }), c.expected));
  }
});

describe('NULL values', () => {
  const withNull: TextResult = { columns: ['a', 'b'], rows: [['1', null]] };
  it('pretty and json read the --nullvalue flag, not .nullvalue', () => {
    assert.equal(
      renderPretty(withNull, 'NULL'),
      '+---+------+\n| a | b    |\n+---+------+\n| 1 | NULL |\n+---+------+\n',
    );
    assert.equal(renderJson(withNull, ''), '[\n  {"a":"1","b":""}\n]\n');
    assert.equal(renderJsonPretty(withNull, 'null'), '[\n  {\n    "a": "1",\n    "b": "null"\n  }\n]\n');
    const settings = { ...BASE, nullvalue: 'dot', nullvalueFlag: '' };
    assert.equal(renderResult(withNull, settings), '+---+---+\n| a | b |\n+---+---+\n| 1 |   |\n+---+---+\n');
  });
  it('list, line, csv and column use .nullvalue, csv never quotes it', () => {
    assert.equal(renderList(withNull, true, '|', 'N A'), 'a|b\n1|N A\n');
    assert.equal(renderLine(withNull, '-'), '    a = 1\n    b = -\n');
    assert.equal(renderCsv(withNull, false, ',', 'N A'), '1,N A\n');
    assert.equal(renderColumn(withNull, false, [], 'nil'), '1           nil       \n');
  });
});

describe('pretty mode details', () => {
  it('pads by characters (utf8StringSize), not bytes', () => {
    const result: TextResult = { columns: ['name'], rows: [['héllo'], ['x']] };
    assert.equal(renderPretty(result, ''), '+-------+\n| name  |\n+-------+\n| héllo |\n| x     |\n+-------+\n');
  });
  it('a duplicated column name shows its last value in both places (rows are std::map)', () => {
    const result: TextResult = { columns: ['a', 'a'], rows: [['1', '22']] };
    assert.equal(renderPretty(result, ''), '+----+----+\n| a  | a  |\n+----+----+\n| 22 | 22 |\n+----+----+\n');
  });
  it('line mode widens to the longest column name', () => {
    const result: TextResult = { columns: ['a', 'total_seconds'], rows: [['1', '2']] };
    assert.equal(renderLine(result, ''), '            a = 1\ntotal_seconds = 2\n');
  });
});

describe('csvField (sqlite needCsvQuote)', () => {
  const table: Array<[string, string, string]> = [
    ['plain', ',', 'plain'],
    ['my proc', ',', '"my proc"'],
    ['say "hi"', ',', '"say ""hi"""'],
    ["it's", ',', `"it's"`],
    ['a,b', ',', '"a,b"'],
    ['a|b', ',', 'a|b'],
    ['a|b', '|', '"a|b"'],
    ['tab\there', ',', '"tab\there"'],
    ['naïve', ',', '"naïve"'],
    ['x::y', '::', 'x::y'],
    ['::y', '::', '"::y"'],
    ['', ',', ''],
  ];
  for (const [value, sep, expected] of table) {
    it(`${JSON.stringify(value)} with ${JSON.stringify(sep)}`, () => assert.equal(csvField(value, sep), expected));
  }
});

describe('jsonString (rapidjson escapes)', () => {
  it('escapes quotes, backslashes and control characters with upper-case hex, keeps UTF-8 and /', () => {
    assert.equal(jsonString('a"b\\c/d'), '"a\\"b\\\\c/d"');
    assert.equal(jsonString('\n\t\r\b\f'), '"\\n\\t\\r\\b\\f"');
    assert.equal(jsonString('\u001f\u0001'), '"\\u001F\\u0001"');
    assert.equal(jsonString('é€'), '"é€"');
  });
});

describe('sqlText (sqlite3_column_text)', () => {
  const table: Array<[Parameters<typeof sqlText>[0], string | null]> = [
    [null, null],
    [1, '1'],
    [-42, '-42'],
    [9007199254740993n, '9007199254740993'],
    ['text', 'text'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [3.14159, '3.14159'],
    [0.30000000000000004, '0.30000000000000004'],
    [1e-7, '1.0e-07'],
    [1e300, '1.0e+300'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
  ];
  for (const [value, expected] of table) {
    it(`${String(value)} -> ${String(expected)}`, () => assert.equal(sqlText(value), expected));
  }
  it('prints an integral value of a REAL column as SQLite does', () => {
    assert.equal(sqlText(100, true), '100.0');
    assert.equal(sqlText(0, true), '0.0');
    assert.equal(sqlText(1e16, true), '1.0e+16');
  });
  it('formatReal falls back to 17 digits only when 15 do not round-trip', () => {
    assert.equal(formatReal(2.5e-5), '2.5e-05');
    assert.equal(formatReal(123456.5), '123456.5');
  });
});
