/**
 * Test helper: a real `sleep` child with a known argv, environment, working directory and an open file on fd 1,
 * so process tables can be checked against facts the test itself set up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../../test/helpers/wait.js';

export interface TestChild {
  readonly pid: number;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly openFile: string;
  stop(): Promise<void>;
}

export async function startSleepChild(): Promise<TestChild> {
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'osprey-proc-test-')));
  const openFile = join(cwd, 'stdout.log');
  const fd = openSync(openFile, 'w', 0o600);
  const argv = ['sleep', '3600'];
  const env = { OSPREY_TEST_MARKER: `marker=${process.pid}`, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const child: ChildProcess = spawn(argv[0] as string, argv.slice(1), { cwd, env, stdio: ['ignore', fd, 'ignore'] });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('Could not start the sleep child.');
  await waitForSleep(pid);
  return {
    pid,
    argv,
    env,
    cwd,
    openFile,
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the child sleeps in nanosleep: only then has exec completed (before, /proc/<pid>/cmdline shows node's
 * argv), the dynamic loader finished mapping libraries, and the state settled to S, so every table reads final facts.
 */
async function waitForSleep(pid: number): Promise<void> {
  const read = (name: string): string => {
    try {
      return readFileSync(`/proc/${pid}/${name}`, 'utf8');
    } catch {
      return '';
    }
  };
  await waitFor(
    `child ${pid} to sleep in nanosleep`,
    () => read('cmdline').startsWith('sleep\0') && read('wchan').includes('nanosleep'),
    {
      context: () => `cmdline ${JSON.stringify(read('cmdline'))}, wchan ${JSON.stringify(read('wchan'))}`,
    },
  );
}
