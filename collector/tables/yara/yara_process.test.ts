import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { genYaraProcess } from './yara_process.js';
import { yaraX } from '../../files/yarax.js';

let yaraAvailable = true;
try {
  yaraX();
} catch {
  yaraAvailable = false;
}

const run = (constraints: Constraint[]) => {
  const skipped: string[] = [];
  const rows = [
    ...genYaraProcess(
      createQueryContext({ table: 'yara_process', constraints, errors: { skip: (r) => skipped.push(r) } }),
    ),
  ];
  return { rows, skipped };
};

describe('yara_process', { skip: !yaraAvailable && 'YARA-X is not installed' }, () => {
  let child: ChildProcess;
  // The marker is built at run time inside the child, so it exists in the child's heap but not in this file's text
  // as one string.
  const marker = ['OSPREY', 'PROCESS', 'MEMORY', 'MARKER', '7731'].join('_');
  before(async () => {
    child = spawn(
      process.execPath,
      [
        '-e',
        `globalThis.keep = ['OSPREY','PROCESS','MEMORY','MARKER','7731'].join('_').repeat(4); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(child.stdout ?? child, 'data');
  });
  after(() => child.kill());

  it("matches a rule against a string that exists only in the target process's memory", (t) => {
    const pid = child.pid ?? 0;
    const rule = `rule in_memory : osprey { strings: $m = "${marker}" condition: $m }`;
    const absent = 'rule absent { strings: $m = "NO_SUCH_STRING_ANYWHERE_0x5f3e" condition: $m }';
    const { rows, skipped } = run([
      { column: 'pid', op: '=', value: pid },
      { column: 'sigrule', op: '=', value: rule },
    ]);
    if (skipped.some((s) => s.includes('cannot read the memory')))
      return t.skip('no ptrace access to the child process');
    assert.deepEqual(
      rows.map((r) => [r.pid, r.matches, r.count, r.tags, r.sigrule]),
      [[pid, 'in_memory', 1, 'osprey', rule]],
    );
    const miss = run([
      { column: 'pid', op: '=', value: pid },
      { column: 'sigrule', op: '=', value: absent },
    ]);
    assert.deepEqual(
      miss.rows.map((r) => [r.matches, r.count]),
      [['', 0]],
    );
  });

  it('gives no row, and counts it, for a pid that does not exist', () => {
    const { rows, skipped } = run([
      { column: 'pid', op: '=', value: 2 ** 30 },
      { column: 'sigrule', op: '=', value: 'rule t { condition: true }' },
    ]);
    assert.deepEqual(rows, []);
    assert.equal(skipped.length, 1);
  });

  it('needs a rule source', () => {
    assert.throws(() => run([{ column: 'pid', op: '=', value: 1 }]), /sig_group, sigfile or sigrule/);
  });
});
