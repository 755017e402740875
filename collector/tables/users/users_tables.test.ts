import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { genAuthorizedKeys } from './authorized_keys.js';
import { genKnownHosts } from './known_hosts.js';
import { genShadow, parseShadowLine } from './shadow.js';
import { genShellHistory, parseHistory } from './shell_history.js';
import { parseAuthorizedKey } from './ssh_keys.js';
import { genSudoers } from './sudoers.js';

const ROOT = fromRoot('collector/tables/users/fixtures/root');

function context(table: string, constraints: Constraint[] = []) {
  const skipped: string[] = [];
  const ctx = createQueryContext({ table, constraints, errors: { skip: (reason) => skipped.push(reason) } });
  return { ctx, skipped };
}

describe('shadow', () => {
  it('derives status and algorithm, never the hash, and counts malformed lines', () => {
    const { ctx, skipped } = context('shadow');
    const rows = genShadow(ctx, `${ROOT}/etc/shadow`);
    assert.deepEqual(
      rows.map((r) => [r.username, r.password_status, r.hash_alg]),
      [
        ['root', 'locked', undefined],
        ['alice', 'active', 'y'],
        ['bob', 'locked', undefined],
        ['nobody', 'not_set', undefined],
        ['ghost', 'empty', undefined],
      ],
    );
    assert.ok(rows.every((r) => !JSON.stringify(r).includes('abcdefghij')));
    assert.equal(rows[1]?.inactive, 30);
    assert.equal(rows[1]?.expire, 20000);
    assert.equal(rows[2]?.min, -1);
    assert.deepEqual(skipped, [`malformed line 6 of ${ROOT}/etc/shadow`]);
  });

  it('narrows to a username', () => {
    const { ctx } = context('shadow', [{ column: 'username', op: '=', value: 'alice' }]);
    assert.deepEqual(genShadow(ctx, `${ROOT}/etc/shadow`).map((r) => r.username), ['alice']);
  });

  it('matches getent shadow on this host', () => {
    const expected = execFileSync('getent', ['shadow'], { encoding: 'utf8' }).trim().split('\n');
    const rows = genShadow(context('shadow').ctx);
    assert.deepEqual(rows.map((r) => r.username), expected.map((l) => l.split(':')[0]));
    assert.deepEqual(rows, expected.map(parseShadowLine));
  });
});

describe('authorized_keys', () => {
  it('splits options, algorithm, key and comment for each user key file', () => {
    const { ctx, skipped } = context('authorized_keys');
    const rows = genAuthorizedKeys(ctx, ROOT);
    assert.deepEqual(
      rows.map((r) => [r.uid, r.algorithm, r.comment, r.key_file]),
      [
        [1000, 'ssh-ed25519', 'alice@laptop', '/home/alice/.ssh/authorized_keys'],
        [1000, 'ssh-rsa', 'backup key', '/home/alice/.ssh/authorized_keys'],
        [1000, 'ecdsa-sha2-nistp256', '', '/home/alice/.ssh/authorized_keys'],
      ],
    );
    assert.equal(rows[1]?.options, 'from="192.0.2.0/24",command="/usr/bin/backup --run now"');
    assert.deepEqual(skipped, ['malformed key on line 6 of /home/alice/.ssh/authorized_keys']);
  });

  it('reads only the users a uid constraint names', () => {
    const { ctx } = context('authorized_keys', [{ column: 'uid', op: '=', value: 1001 }]);
    assert.deepEqual(genAuthorizedKeys(ctx, ROOT), []);
  });

  it('parses a certificate key type and rejects a line without a key', () => {
    assert.equal(parseAuthorizedKey('ssh-ed25519-cert-v01@openssh.com AAAA c')?.algorithm, 'ssh-ed25519-cert-v01@openssh.com');
    assert.equal(parseAuthorizedKey('ssh-rsa'), null);
  });
});

describe('known_hosts', () => {
  it('returns each key line, hashed hosts included', () => {
    const rows = genKnownHosts(context('known_hosts').ctx, ROOT);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.uid === 1000 && r.key_file === '/home/alice/.ssh/known_hosts'));
    assert.match(String(rows[1]?.key), /^\|1\|/);
  });
});

describe('shell_history', () => {
  it('dates bash and zsh commands as osquery does', () => {
    const rows = genShellHistory(context('shell_history').ctx, ROOT);
    assert.deepEqual(
      rows.map((r) => [r.uid, r.time, r.command]),
      [
        [1000, 1700000000, 'ls -la'],
        [1000, 1700000060, 'sudo systemctl status ssh'],
        [1000, 0, 'echo untimed'],
        [1001, 1700001000, 'git status'],
        [1001, 1700001005, 'make test'],
        [1001, 0, 'plain line'],
      ],
    );
    assert.equal(rows[3]?.history_file, '/home/bob/.zsh_history');
  });

  it('treats a second timestamp line after a timestamp as the command', () => {
    assert.deepEqual(parseHistory('#1\n#2\n'), [{ time: 1, command: '#2' }]);
  });
});

describe('sudoers', () => {
  it('lists rules and include directives, following includes as sudo does', () => {
    const path = `${ROOT}/etc/sudoers`;
    const rows = genSudoers(context('sudoers').ctx, path);
    assert.deepEqual(
      rows.map((r) => [String(r.source).slice(ROOT.length), r.header, r.rule_details]),
      [
        ['/etc/sudoers', 'Defaults', 'env_reset'],
        ['/etc/sudoers', 'Defaults', 'secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'],
        ['/etc/sudoers', 'root', 'ALL=(ALL:ALL) ALL'],
        ['/etc/sudoers', '%sudo', 'ALL=(ALL:ALL) ALL'],
        ['/etc/sudoers', 'includedir', `${ROOT}/etc/sudoers.d`],
        ['/etc/sudoers.d/90-alice', 'alice', 'ALL=(ALL) NOPASSWD: ALL'],
        ['/etc/sudoers', 'include', `${ROOT}/etc/extra`],
        ['/etc/extra', 'bob', 'ALL=(root) NOPASSWD: /usr/bin/systemctl restart nginx'],
      ],
    );
  });

  it('returns no rows when sudoers is absent', () => {
    assert.deepEqual(genSudoers(context('sudoers').ctx, '/nonexistent/sudoers'), []);
  });
});
