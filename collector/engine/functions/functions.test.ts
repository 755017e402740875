/** osquery's SQL functions, checked through the engine against the examples in osquery's docs/wiki/introduction/sql.md. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../engine.js';

describe('SQL functions', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());
  const one = (sql: string): unknown[] => engine.query(sql).rows[0] ?? [];

  it('regex_match returns the match or a group, NULL when absent', () => {
    assert.deepEqual(
      one(
        "SELECT regex_match('hello world. Goodbye', '(\\w+) \\w+', 0), regex_match('hello world. Goodbye', '(\\w+) \\w+', 1)",
      ),
      ['hello world', 'hello'],
    );
    assert.deepEqual(one("SELECT regex_match('abc', 'x', 0), regex_match('abc', 'b', 3)"), [null, null]);
    assert.throws(() => one(`SELECT regex_match('a', '${'a'.repeat(300)}', 0)`), /longer than 256/);
  });

  it('split uses any token character and drops empty pieces; regex_split keeps them', () => {
    assert.deepEqual(one("SELECT split('1001', '1', 0), split('192.168.0.1', '.', 1), split('a.b', '.', 5)"), [
      '00',
      '168',
      null,
    ]);
    assert.deepEqual(one("SELECT regex_split('192.168.0.1', '\\.0', 0), regex_split('a,,b', ',', 1)"), ['192.168', '']);
    assert.throws(() => one("SELECT split('a', '', 0)"), /Invalid input to split function/);
  });

  it('concat and concat_ws skip NULLs', () => {
    assert.deepEqual(one("SELECT concat('hello', NULL, ' ', 'world'), concat_ws(' ', 'hello', NULL, 'world')"), [
      'hello world',
      'hello world',
    ]);
  });

  it("concat_ws keeps osquery's NULL quirks (sqlite_string.cpp concatFunc)", () => {
    // The separator follows each non-NULL argument that is not the last, even when only NULLs follow it.
    assert.deepEqual(
      one("SELECT concat_ws('-', 'a', NULL), concat_ws('-', NULL, 'a'), concat_ws('-', 'a', NULL, 'b')"),
      ['a-', 'a', 'a-b'],
    );
    assert.deepEqual(one("SELECT concat_ws(NULL, 'a', 'b'), concat_ws('-'), concat()"), ['ab', null, null]);
  });

  it('find_file_path_in_cmd and is_path_deterministic find the program a command line names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-cmd-'));
    try {
      // Both "<dir>/my" and "<dir>/my prog" exist: the command line is ambiguous, as osquery's tests describe.
      writeFileSync(join(dir, 'my'), '');
      writeFileSync(join(dir, 'my prog'), '');
      const sh = execFileSync('sh', ['-c', 'command -v sh'], { encoding: 'utf8' }).trim();
      assert.deepEqual(one(`SELECT find_file_path_in_cmd('${sh} -c true'), is_path_deterministic('${sh} -c true')`), [
        sh,
        1,
      ]);
      assert.deepEqual(
        one(`SELECT find_file_path_in_cmd('${dir}/my prog --x'), is_path_deterministic('${dir}/my prog --x')`),
        [`${dir}/my`, 0],
      );
      assert.deepEqual(
        one(`SELECT find_file_path_in_cmd('"${dir}/my prog" --x', 1), find_file_path_in_cmd('${dir}/my\\ prog --x')`),
        [`${dir}/my prog`, `${dir}/my prog`],
      );
      assert.deepEqual(
        one("SELECT find_file_path_in_cmd('/no/such/program arg'), is_path_deterministic('/no/such/program')"),
        ['', 1],
      );
      assert.throws(() => one('SELECT find_file_path_in_cmd(NULL)'), /Invalid inputs to find_binary_path_from_cmd/);
      assert.throws(
        () => one("SELECT is_path_deterministic('/bin/sh', 0, 'ab')"),
        /Invalid inputs to is_path_deterministic/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sleep blocks the query for the seconds given and answers NULL', () => {
    const started = Date.now();
    assert.deepEqual(one('SELECT sleep(1)'), [null]);
    assert.ok(Date.now() - started >= 990);
  });

  it('inet_aton and in_cidr_block', () => {
    assert.deepEqual(one("SELECT inet_aton('1.0.1.5'), inet_aton('::1'), inet_aton('1.2.3')"), [16777477, null, null]);
    assert.deepEqual(
      one(
        "SELECT in_cidr_block('10.0.0.0/26', '10.0.0.24'), in_cidr_block('10.0.0.0/26', '10.0.0.64'), " +
          "in_cidr_block('2001:db8::/48', '2001:db8:0:ffff:ffff:ffff:ffff:ffff')",
      ),
      [1, 0, 1],
    );
    assert.throws(() => one("SELECT in_cidr_block('10.0.0.0/33', '10.0.0.1')"), /invalid CIDR block/);
  });

  it('community_id_v1 matches the spec example; bad input is empty, or an error in the strict variant', () => {
    assert.deepEqual(one("SELECT community_id_v1('66.35.250.204', '128.232.110.120', 80, 34855, 6)"), [
      '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
    ]);
    assert.deepEqual(one("SELECT community_id_v1('not-an-ip', '128.232.110.120', 80, 34855, 6)"), ['']);
    assert.throws(() => one("SELECT community_id_v1_strict('not-an-ip', '1.2.3.4', 80, 1, 6)"), /saddr/);
  });

  it('base64 encodings', () => {
    assert.deepEqual(one("SELECT to_base64('CPU0'), from_base64('Q1BVMA=='), from_base64('not base64!')"), [
      'Q1BVMA==',
      'CPU0',
      '',
    ]);
    assert.deepEqual(one("SELECT conditional_to_base64('CPU0'), conditional_to_base64('CPU' || char(183))"), [
      'CPU0',
      Buffer.from('CPU\u00b7').toString('base64'),
    ]);
    // osquery's isPrintable: any control character (tab, newline, DEL) means base64 too.
    assert.deepEqual(
      one(
        "SELECT conditional_to_base64('a' || char(9) || 'b'), conditional_to_base64('x' || char(10)), conditional_to_base64(char(127))",
      ),
      [
        Buffer.from('a\tb').toString('base64'),
        Buffer.from('x\n').toString('base64'),
        Buffer.from('\x7f').toString('base64'),
      ],
    );
  });

  it('md5, sha1 and sha256 of strings', () => {
    const hex = (a: string): string => createHash(a).update('Guest').digest('hex');
    assert.deepEqual(one("SELECT sha1('Guest'), md5('Guest'), sha256('Guest'), md5(NULL)"), [
      'face83ee3014bdc8f98203cc94e2e89222452e90',
      hex('md5'),
      hex('sha256'),
      null,
    ]);
  });

  it('parent_directory', () => {
    assert.deepEqual(one("SELECT parent_directory('/usr/bin/ls'), parent_directory('/etc'), parent_directory('x')"), [
      '/usr/bin',
      '/',
      '',
    ]);
  });

  it('math functions as osquery documents them', () => {
    const [sqrt, log, log10, ceil, floor, power, pi] = one(
      'SELECT sqrt(107372805120), log(107372805120), log10(107372805120), ceil(1.2), floor(2.7), power(107372805120), pi() * 107372805120',
    ) as number[];
    const close = (a: number | undefined, b: number): void =>
      assert.ok(Math.abs((a ?? NaN) - b) / Math.abs(b) < 1e-12, `${a} ~ ${b}`);
    close(sqrt, 327677.898430761);
    close(log, 25.3995727757846);
    close(log10, 11.0308942992233);
    assert.deepEqual([ceil, floor], [2, 2]);
    close(power, 1.15289192793375e22);
    close(pi, 337321615760.32);
    const trig = one(
      'SELECT sin(30), cos(30), tan(30), cot(30), asin(.5), acos(.5), atan(.5), radians(60), degrees(1.3)',
    ) as number[];
    [
      -0.988031624092862, 0.154251449887584, -6.40533119664628, -0.156119952161659, 0.523598775598299, 1.0471975511966,
      0.463647609000806, 1.0471975511966, 74.484513367007,
    ].forEach((expected, i) => close(trig[i], expected));
  });

  it('version_compare and the version collations', () => {
    assert.deepEqual(
      one(
        "SELECT version_compare('1.0', '1.0'), version_compare('4:1.1.0', '4:1.1.0-3', 'ARCH'), " +
          "version_compare('50.4.1b', '50.4.1c'), version_compare('1.0.0~rc2^2021', '1.0.0', 'RHEL'), " +
          "version_compare('1:1.2.13-2', '4.2.1', 'ARCH')",
      ),
      [0, 0, -1, -1, 1],
    );
    const truths = [
      "'1.0' = '1.0' COLLATE VERSION",
      "'50.4.1b' < '50.4.1c' COLLATE VERSION",
      "'20.10a' > '20.102' COLLATE VERSION",
      "'4:2' = '4:2-1' COLLATE VERSION_ARCH",
      "'2-2pre' < '2-2rc' COLLATE VERSION_ARCH",
      "'42.2-1' > '42.1-2' COLLATE VERSION_ARCH",
      "'1:2.0-10' = '1:2.0-10' COLLATE VERSION_DPKG",
      "'22.07.5-2ubuntu1.3' < '22.07.5-2ubuntu1.4' COLLATE VERSION_DPKG",
      "'2:8.2.3995-1ubuntu2.9' > '2:8.2.3995-1ubuntu2.3' COLLATE VERSION_DPKG",
      "'0.5.0~rc1^202' = '0.5.0~rc1^202' COLLATE VERSION_RHEL",
      "'1.1.0~BETA2' < '1.1.0~CR1' COLLATE VERSION_RHEL",
      "'1.0.0' > '1.0.0~rc2' COLLATE VERSION_RHEL",
    ];
    for (const expr of truths) assert.deepEqual(one(`SELECT ${expr}`), [1], expr);
  });

  it('REGEXP works as an operator', () => {
    assert.deepEqual(one("SELECT 'osprey' REGEXP '^os', 'osprey' REGEXP 'x$'"), [1, 0]);
  });
});
