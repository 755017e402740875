import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import { encodeUtmp, parseUtmp } from '../lib/utmp.js';
import { genLoggedInUsers } from './logged_in_users.js';

const fixture = (name: string): string => fromRoot('collector/tables/users/fixtures', name);

function hasUtmpdump(): boolean {
  try {
    execFileSync('utmpdump', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('logged_in_users', () => {
  it('lists utmp records except init-owned ones, with osquery type names', () => {
    const rows = genLoggedInUsers(createQueryContext({ table: 'logged_in_users' }), fixture('utmp.bin'));
    assert.deepEqual(
      rows.map((r) => [r.type, r.user, r.tty, r.pid]),
      [
        ['boot_time', 'reboot', '~', 0],
        ['runlevel', 'runlevel', '~', 53],
        ['user', 'alice', 'pts/0', 4242],
        ['login', 'LOGIN', 'tty2', 777],
      ],
    );
    assert.equal(rows[2]?.host, '192.0.2.10');
    assert.equal(rows[2]?.time, 1700000100);
  });

  it('returns no rows when the utmp file does not exist', () => {
    assert.deepEqual(genLoggedInUsers(createQueryContext({ table: 'logged_in_users' }), '/nonexistent/utmp'), []);
  });

  it('agrees with utmpdump on every record', { skip: !hasUtmpdump() && 'utmpdump not installed' }, () => {
    const dump = execFileSync('utmpdump', [fixture('utmp.bin')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const fromDump = dump
      .trim()
      .split('\n')
      .map((line) => [...line.matchAll(/\[([^\]]*)\]/g)].map((m) => (m[1] ?? '').trim()))
      .map((f) => ({ type: Number(f[0]), pid: Number(f[1]), user: f[3], line: f[4], host: f[5] }));
    const ours = parseUtmp(readFileSync(fixture('utmp.bin'))).records.map((r) => ({
      type: r.type,
      pid: r.pid,
      user: r.user,
      line: r.line,
      host: r.host,
    }));
    assert.deepEqual(ours, fromDump);
  });
});

describe('encodeUtmp', () => {
  it('round-trips through parseUtmp', () => {
    const record = {
      type: 7,
      pid: 9,
      line: 'pts/3',
      id: 'ts/3',
      user: 'carol',
      host: 'h',
      session: 9,
      time: 5,
      usec: 6,
    };
    assert.deepEqual(parseUtmp(encodeUtmp(record)).records, [record]);
  });
});
