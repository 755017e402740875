/**
 * The bounded wait for host metadata: resolves with the hosts whose records arrived, as soon as all of them have or
 * when `waitMs` has passed, whichever is first.
 */
import type { HostMetadataDirectory } from './state/host-directory.js';

export function waitForHosts(
  directory: HostMetadataDirectory,
  hosts: ReadonlySet<string>,
  waitMs: number,
): Promise<Set<string>> {
  const arrived = new Set([...hosts].filter((host) => directory.get(host) !== undefined));
  if (arrived.size === hosts.size) return Promise.resolve(arrived);
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      directory.off('changed', onChanged);
      resolve(arrived);
    };
    const onChanged = (host: string): void => {
      if (!hosts.has(host)) return;
      arrived.add(host);
      if (arrived.size === hosts.size) finish();
    };
    const timer = setTimeout(finish, waitMs);
    directory.on('changed', onChanged);
  });
}
