/**
 * The host UUID for system_info.uuid and osquery_info.uuid outside the daemon (the daemon keeps it in its store as
 * `host_uuid_v3`): the DMI product UUID when the machine has a real one, else a UUID generated once and kept in
 * `<dir>/host_uuid` (mode 0600), as osquery generates and persists one in its database when DMI has none.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Values firmware leaves in place of a UUID; osquery rejects them too. */
const PLACEHOLDERS = new Set([
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '03000200-0400-0500-0006-000700080009',
]);

export const HOST_UUID_FILE = 'host_uuid';

/** The DMI product UUID, lower case, or '' when absent, unreadable (root only on some kernels) or a placeholder. */
export function dmiProductUuid(sysfs = '/sys'): string {
  try {
    const text = readFileSync(join(sysfs, 'class/dmi/id/product_uuid'), 'utf8').trim().toLowerCase();
    return UUID.test(text) && !PLACEHOLDERS.has(text) ? text : '';
  } catch {
    return '';
  }
}

/** The UUID kept in `<dir>/host_uuid`, created (0600, exclusively, so two processes agree) when missing. */
export function persistedHostUuid(dir: string): string {
  const file = join(dir, HOST_UUID_FILE);
  const existing = readUuid(file);
  if (existing !== undefined) return existing;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    // node:crypto loads here, not at import: the shell imports this module at every start-up.
    const { randomUUID } = process.getBuiltinModule('node:crypto');
    writeFileSync(file, `${randomUUID().toUpperCase()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readUuid(file) ?? '';
}

function readUuid(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return UUID.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** DMI first, else the persisted UUID; a directory that cannot be written gives '' rather than failing a query. */
export function hostUuidFor(dir: string): string {
  const hardware = dmiProductUuid();
  if (hardware !== '') return hardware;
  try {
    return persistedHostUuid(dir);
  } catch {
    return '';
  }
}
