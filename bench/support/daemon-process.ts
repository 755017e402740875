/** Run the real `osprey daemon` as a child process, from sources (tsx) or from dist/: for tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fromRoot } from '../../common/paths.js';

/** Spawns `osprey daemon <args>`; compiled tests use dist/cli/osprey.js, source tests use tsx. */
export function spawnDaemon(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawnOsprey('daemon', args, env);
}

export function spawnOsprey(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const fromSources = import.meta.url.endsWith('.ts');
  const cli = fromSources ? fromRoot('cli', 'osprey.ts') : fromRoot('dist', 'cli', 'osprey.js');
  const nodeArgs = fromSources ? ['--import', 'tsx', cli] : [cli];
  return spawn(process.execPath, [...nodeArgs, command, ...args], {
    cwd: fromRoot(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export function readLines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}
