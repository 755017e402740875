/** Runs the compiled `osprey` CLI (dist/) as a user would: one-shot commands and long-running ones. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fromRoot } from '../../common/paths.js';

export const CLI = fromRoot('dist/cli/osprey.js');

export function osprey(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface Running {
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

export function start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
