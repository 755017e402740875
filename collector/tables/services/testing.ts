/** Test helper: runs fixtures/fake-docker-daemon.mjs on a temporary socket in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, QueryContext } from '../../engine/spec.js';

export interface FakeDocker {
  socket: string;
  pid: number;
  requests: string[];
  context(table: string, constraints?: Constraint[]): QueryContext;
  stop(): void;
  /** Resolves once the daemon has logged a request matching the pattern (its stderr is read asynchronously). */
  requested(pattern: RegExp): Promise<string>;
}

export async function startFakeDocker(): Promise<FakeDocker> {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-docker-'));
  const socket = join(dir, 'docker.sock');
  const fixtures = fromRoot('collector/tables/services/fixtures');
  const child: ChildProcess = spawn(process.execPath, [join(fixtures, 'fake-docker-daemon.mjs'), socket, join(fixtures, 'docker-api-responses.json')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const requests: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => requests.push(...chunk.toString().trim().split('\n')));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`fake Docker daemon exited (${code})`)));
  });
  const flags = { get: (name: string) => (name === 'docker_socket' ? socket : undefined), list: () => [] };
  return {
    socket,
    pid: child.pid ?? 0,
    requests,
    context: (table, constraints = []) => createQueryContext({ table, constraints, services: { flags } }),
    requested: (pattern) => new Promise((resolve) => {
      const check = (): void => {
        const hit = requests.find((r) => pattern.test(r));
        if (hit !== undefined) resolve(hit);
        else child.stderr?.once('data', () => setImmediate(check));
      };
      check();
    }),
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
