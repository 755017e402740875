import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CPU_DEV_DIR, genMsr, msrRows } from './msr.js';

/**
 * An msr device image: pread(fd, 8, register) returns 8 bytes at the register's offset, as from the msr driver;
 * registers past its end read short, as registers a CPU lacks fail.
 */
function msrImage(registers: Record<number, bigint>, size = 0x610): Buffer {
  const image = Buffer.alloc(size);
  for (const [register, value] of Object.entries(registers)) image.writeBigUInt64LE(value, Number(register));
  return image;
}

describe('msr', () => {
  it('reads the registers osquery reads, masked, per CPU', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-msr-'));
    try {
      // Values of a Xeon E5 (Haswell) host: turbo enabled, PERF_CTL ratio 0x1d, RAPL units 0xa0e03.
      mkdirSync(join(dir, '0'));
      writeFileSync(
        join(dir, '0', 'msr'),
        msrImage({
          0x1a0: 0x850089n,
          0x1ad: 0x1d1d1d1dn,
          0xce: 0x70c2cf3811700n,
          0x198: 0x1d5c00001d00n,
          0x199: 0xff001d00n,
          0x3a: 0x5n,
          0x606: 0xa0e03n,
        }),
      );
      mkdirSync(join(dir, '1'));
      writeFileSync(join(dir, '1', 'msr'), msrImage({ 0x1a0: 1n << 38n, 0xce: 0xffffffffffffffffn }));
      mkdirSync(join(dir, 'microcode')); // /dev/cpu/microcode is not a CPU
      const rows = msrRows(dir);
      // Registers past the end of the image read short: the columns stay NULL (absent).
      assert.equal(rows[0]?.rapl_power_limit, undefined);
      assert.deepEqual(rows[0], {
        processor_number: 0,
        turbo_disabled: 0,
        turbo_ratio_limit: 0x1d1d1d1dn,
        platform_info: 0x70c2cf3811700n,
        // A flat image overlaps neighbouring registers (0x198 sees 0x199's bytes shifted by one): what pread gives.
        perf_status: 0xff001d0000n,
        perf_ctl: 0x1d00n,
        feature_control: 5n,
        rapl_power_units: 0xa0e03n,
      });
      assert.equal(rows[1]?.turbo_disabled, 1);
      assert.equal(rows[1]?.platform_info, -1n);
      assert.equal(rows.length, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns no rows without msr devices (this machine has no /dev/cpu)', () => {
    if (existsSync(CPU_DEV_DIR)) return;
    assert.deepEqual(genMsr(), []);
  });
});
