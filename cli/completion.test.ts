/** The generated bash script, driven as bash's completion would drive it (COMP_WORDS, COMP_CWORD, then _osprey). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { completionScript } from './completion.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-completion-'));
const script = join(dir, 'osprey.bash');

function complete(words: string[], fn = '_osprey'): string[] {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const body = `source '${script}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; ${fn}; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const run = spawnSync('bash', ['-c', body], { encoding: 'utf8', cwd: dir });
  assert.equal(run.stderr, '');
  return run.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  before(async () => writeFileSync(script, await completionScript('bash')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('completes command names, then a command’s flags from its spec', () => {
    assert.deepEqual(complete(['osprey', 'sh']), ['shell', 'ship']);
    assert.deepEqual(complete(['osprey', 'ship', '--fo']), ['--follow']);
    assert.deepEqual(complete(['osprey', 'search', '--li']), ['--limit']);
    assert.ok(complete(['osprey', 'daemon', '--config_']).includes('--config_path'));
  });

  it('completes operands and flag values: log kinds, fixed words, table names for the shell', () => {
    assert.deepEqual(complete(['osprey', 'ship', 'su']), ['suricata']);
    assert.deepEqual(complete(['osprey', 'search', '--stream', 'al']), ['alert']);
    assert.deepEqual(complete(['osprey', 'search', '--stream', '=', 'ne']), ['network']);
    assert.ok(complete(['osprey', 'shell', '-A', 'proc']).includes('processes'));
    assert.ok(complete(['ospreyi', 'os_v'], '_ospreyi').includes('os_version'));
  });

  it('completes files where a flag takes a path', () => {
    writeFileSync(join(dir, 'conf-one.yml'), '');
    assert.deepEqual(complete(['osprey', 'enricher', '--config', 'conf-']), ['conf-one.yml']);
  });
});

describe('zsh completion', () => {
  it('declares both programs and describes each command', async () => {
    const zsh = await completionScript('zsh');
    assert.match(zsh, /^#compdef osprey ospreyi$/m);
    assert.match(zsh, /^ {4}'ship:Ship Zeek or Suricata logs/m);
    assert.match(zsh, /'--follow\[Keep reading/);
  });
});
