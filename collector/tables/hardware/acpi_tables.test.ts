import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { ACPI_TABLES_DIR, acpiTableRows } from './acpi_tables.js';

describe('acpi_tables', () => {
  it('lists the tables of /sys/firmware/acpi/tables with the sizes and MD5s md5sum computes', (t) => {
    if (!existsSync(ACPI_TABLES_DIR)) return t.skip('no ACPI tables on this machine');
    const rows = acpiTableRows();
    const sums = execFileSync(
      'sh',
      ['-c', `cd ${ACPI_TABLES_DIR} && find . -maxdepth 1 -type f -printf '%f\\n' | sort | xargs md5sum`],
      {
        encoding: 'utf8',
      },
    );
    const expected = sums
      .trim()
      .split('\n')
      .map((line) => {
        const [md5, name] = line.split(/\s+/);
        return [name, md5];
      });
    assert.deepEqual(
      rows.map((r) => [r.name, r.md5]),
      expected,
    );
    assert.ok(rows.every((r) => Number(r.size) > 0));
  });

  it('lists only the files directly in the directory, and nothing when it is absent', () => {
    const dir = fromRoot('collector/tables/hardware/fixtures/acpi');
    assert.deepEqual(acpiTableRows(dir), [
      { name: 'APIC', size: 72, md5: '4088da5a5afaf3ba16516d3d75005f96' },
      { name: 'MCFG', size: 60, md5: '0825de06710734f2d0869af4e051f903' },
    ]);
    assert.deepEqual(acpiTableRows(`${dir}/absent`), []);
  });
});
