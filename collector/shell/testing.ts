/**
 * Test helper: runs the real `osprey` CLI in a child process. From dist/ (npm test) it runs the compiled
 * dist/cli/osprey.js; from sources (npx tsx --test) it runs cli/osprey.ts through tsx, so a source run never tests a
 * stale build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromRoot } from '../../common/paths.js';

export interface CliRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** The command line (executable and leading arguments) that starts `osprey`. */
export function ospreyCommand(): string[] {
  // Compiled, this file is dist/collector/shell/testing.js and the CLI sits at dist/cli/osprey.js.
  const compiled = fileURLToPath(new URL('../../cli/osprey.js', import.meta.url));
  if (import.meta.url.endsWith('.js') && existsSync(compiled)) return [process.execPath, compiled];
  return [process.execPath, '--import', 'tsx', fromRoot('cli/osprey.ts')];
}

export function runOsprey(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const [exe = process.execPath, ...prefix] = ospreyCommand();
  const result = spawnSync(exe, [...prefix, ...args], {
    cwd: fromRoot(),
    input: options.input ?? '',
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}
