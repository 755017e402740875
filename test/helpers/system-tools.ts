/**
 * Tests drive real programs (promtool, prometheus, kcat). When one is missing and we are root, install its Debian
 * package, as CI does; otherwise fail with a message that says what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function ensureCommand(command: string, debianPackage: string): string {
  if (!hasCommand(command) && process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', debianPackage], { stdio: 'ignore', env });
  }
  if (!hasCommand(command)) {
    throw new Error(`${command} is not installed; install the Debian package ${debianPackage}.`);
  }
  return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
}
