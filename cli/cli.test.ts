/**
 * Walks every command in the registry as a user would meet it: `--help` and `-h` answer with the usage, a sentence,
 * every flag of its spec and an example; an unknown flag is named, points to --help and exits 2 (the shell keeps
 * osqueryi's words and exit code for it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fromRoot } from '../common/paths.js';
import { VERSION } from '../common/version.js';
import { COMMANDS } from './commands.js';
import { flagWord } from '../common/command-flags.js';

const CLI = fromRoot('dist/cli/osprey.js');

function osprey(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, OSPREY_DATA_DIR: '/nonexistent/osprey' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('osprey --help', () => {
  it('lists every command, grouped, one line each with its summary', () => {
    const run = osprey(['--help']);
    assert.equal(run.status, 0);
    for (const [name, entry] of Object.entries(COMMANDS)) {
      assert.match(
        run.stdout,
        new RegExp(`^ {2}${name} +${entry.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
      );
    }
    assert.match(run.stdout, /^Agent \(osquery compatible\):\n {2}shell /m);
  });

  it('--version prints the version; an unknown command exits 2', () => {
    assert.deepEqual([osprey(['--version']).stdout, osprey(['--version']).status], [`osprey version ${VERSION}\n`, 0]);
    const unknown = osprey(['no-such-command']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command 'no-such-command'.*osprey --help/);
  });

  it('osprey shell --version answers as osqueryi does', () => {
    assert.equal(osprey(['shell', '--version']).stdout, `osqueryi version ${VERSION}\n`);
  });
});

for (const [name, entry] of Object.entries(COMMANDS)) {
  describe(`osprey ${name}`, () => {
    it('--help and -h print usage, a description, every flag with its default, and an example', async () => {
      const command = await entry.load();
      for (const help of ['--help', '-h']) {
        const run = osprey([name, help]);
        assert.equal(run.status, 0, run.stderr);
        assert.ok(run.stdout.startsWith(`Usage: osprey ${name}`), run.stdout.slice(0, 200));
        assert.ok(run.stdout.includes(command.description), 'the description');
        assert.match(run.stdout, /\nExample:\n {2}\S/);
        for (const [flag, spec] of Object.entries(command.flags)) {
          const line = run.stdout
            .split('\n')
            .findIndex((l) => new RegExp(`^ {2}(-\\w, )?${flagWord(flag)}\\b`).test(l));
          assert.ok(line >= 0, `${flagWord(flag)} is listed`);
          if (spec.type !== 'list' && spec.default !== undefined) {
            const text = run.stdout
              .split('\n')
              .slice(line, line + 2)
              .join(' ');
            assert.match(text, /\(default: /, `${flagWord(flag)} shows its default`);
          }
        }
      }
    });

    it('--bad-flag names the flag and exits with a usage error', async () => {
      const command = await entry.load();
      const run = osprey([name, '--bad-flag']);
      assert.match(run.stderr, /bad-flag/);
      if (command.dialect === 'gflags') {
        assert.equal(run.status, 1, 'osqueryi exits 1 for an unknown flag');
      } else {
        assert.equal(run.status, 2, run.stderr);
        assert.match(run.stderr, new RegExp(`osprey ${name} --help`));
      }
    });
  });
}
