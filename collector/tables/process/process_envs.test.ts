import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genProcessEnvs, parseEnviron } from './process_envs.js';
import { startSleepChild, type TestChild } from './testing.js';

describe('process_envs', () => {
  let child: TestChild;
  before(async () => {
    child = await startSleepChild();
  });
  after(async () => {
    await child.stop();
  });

  it('returns exactly the environment the child was started with', () => {
    const ctx = createQueryContext({
      table: 'process_envs',
      constraints: [{ column: 'pid', op: '=', value: child.pid }],
    });
    const rows = [...genProcessEnvs(ctx)];
    const env = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    assert.deepEqual(env, child.env);
    assert.ok(rows.every((r) => r.pid === child.pid));
  });

  it('matches /proc/self/environ for this process in a full scan', () => {
    const ctx = createQueryContext({ table: 'process_envs' });
    const mine = [...genProcessEnvs(ctx)].filter((r) => r.pid === process.pid);
    const expected = readFileSync('/proc/self/environ', 'utf8')
      .split('\0')
      .filter((e) => e !== '');
    assert.deepEqual(
      mine.map((r) => `${r.key}=${r.value}`),
      expected,
    );
  });
});

describe('parseEnviron', () => {
  it('splits on the first = and stops at an empty entry', () => {
    assert.deepEqual(parseEnviron('A=1\0B=x=y\0C\0\0D=late'), [
      ['A', '1'],
      ['B', 'x=y'],
      ['C', ''],
    ]);
  });
});
