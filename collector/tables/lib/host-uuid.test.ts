/**
 * system_info.uuid and osquery_info.uuid without DMI: osquery generates a UUID and persists it; Osprey's shell keeps
 * it in <database_path or ~/.osprey>/host_uuid, mode 0600 (checked with stat), the same on every run.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { osprey } from '../../../test/helpers/osprey-cli.js';
import { dmiProductUuid, persistedHostUuid } from './host-uuid.js';

describe('host uuid', () => {
  const root = mkdtempSync(join(tmpdir(), 'osprey-uuid-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('is generated once, kept private (0600) and read back', () => {
    const dir = join(root, 'data');
    const first = persistedHostUuid(dir);
    assert.match(first, /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    assert.equal(persistedHostUuid(dir), first);
    assert.equal(readFileSync(join(dir, 'host_uuid'), 'utf8').trim(), first);
    assert.equal(execFileSync('stat', ['-c', '%a', join(dir, 'host_uuid')], { encoding: 'utf8' }).trim(), '600');
  });

  it('answers system_info and osquery_info in the shell: DMI when present, else the persisted UUID', () => {
    const dir = join(root, 'shell');
    const sql = 'SELECT s.uuid AS s, o.uuid AS o FROM system_info s, osquery_info o';
    const run = (): { s: string; o: string } => {
      const result = osprey(['shell', '--json', `--database_path=${dir}`, sql]);
      assert.equal(result.status, 0, result.stderr);
      return (JSON.parse(result.stdout) as Array<{ s: string; o: string }>)[0] ?? { s: '', o: '' };
    };
    const first = run();
    const dmi = dmiProductUuid();
    if (dmi !== '') {
      assert.equal(first.s, dmi);
    } else {
      const persisted = readFileSync(join(dir, 'host_uuid'), 'utf8').trim();
      assert.deepEqual(first, { s: persisted, o: persisted });
    }
    assert.deepEqual(run(), first);
  });
});
