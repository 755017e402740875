import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Osprey keeps its state when no flag says otherwise: $OSPREY_DATA_DIR, else ~/.osprey/data (a package
 * install points it at /var/lib/osprey in /etc/osprey/osprey.flags). Everything under it is private (0700).
 */
export function defaultDataDir(): string {
  return process.env.OSPREY_DATA_DIR ?? join(homedir(), '.osprey', 'data');
}
