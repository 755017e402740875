/**
 * Test helper: a real `sleep` child with a known argv, environment, working directory and an open file on fd 1,
 * so process tables can be checked against facts the test itself set up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  await waitForExec(pid);
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

/** Until exec completes, /proc/<pid>/cmdline still shows node's argv; wait for sleep's. */
async function waitForExec(pid: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const path = `/proc/${pid}/cmdline`;
    if (existsSync(path) && readFileSync(path, 'utf8').startsWith('sleep\0')) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Child ${pid} did not exec sleep.`);
}
