/**
 * hardware_events from uevents. The fixtures are uevents this kernel (6.18, no udevd) sent when "change" was written
 * to /sys/class/net/lo/uevent and /sys/class/block/zram0/uevent, as NUL-separated properties. The live test causes
 * the same kind of event on a block device of this machine and compares the row with that device's uevent file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Row } from '../../engine/spec.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { parseUevent } from '../kernel/uevent.js';
import { hardwareRow, typeDisabled } from './hardware-row.js';
import { contextWith, memorySink } from './testing.js';
import { UdevPublisher } from './udev.js';

const LO_CHANGE =
  'change@/devices/virtual/net/lo\0ACTION=change\0DEVPATH=/devices/virtual/net/lo\0SUBSYSTEM=net\0SYNTH_UUID=0\0INTERFACE=lo\0IFINDEX=1\0SEQNUM=856\0';
const ZRAM_CHANGE =
  'change@/devices/virtual/block/zram0\0ACTION=change\0DEVPATH=/devices/virtual/block/zram0\0SUBSYSTEM=block\0SYNTH_UUID=0\0MAJOR=253\0MINOR=0\0DEVNAME=zram0\0DEVTYPE=disk\0DISKSEQ=10\0SEQNUM=857\0';

describe('hardware_events rows', () => {
  it('keeps a device event with a type and a node, as osquery', () => {
    assert.deepEqual(hardwareRow(parseUevent(ZRAM_CHANGE), 'partition'), {
      action: 'change',
      path: '/dev/zram0',
      type: 'disk',
      driver: '',
      vendor: '',
      vendor_id: '',
      model: '',
      model_id: '',
      serial: '',
      revision: '',
    });
  });

  it('drops what osquery drops: no DEVTYPE, a disabled type, no node and no driver', () => {
    assert.equal(hardwareRow(parseUevent(LO_CHANGE), 'partition'), null);
    assert.equal(hardwareRow(parseUevent(ZRAM_CHANGE.replace('DEVTYPE=disk', 'DEVTYPE=partition')), 'partition'), null);
    assert.equal(hardwareRow(parseUevent(ZRAM_CHANGE), 'partition,disk'), null);
    assert.equal(hardwareRow(parseUevent(ZRAM_CHANGE.replace('DEVNAME=zram0\0', '')), 'partition'), null);
    assert.ok(typeDisabled('partition', 'part'), 'osquery matches a substring of the flag');
  });

  it('takes udevd names when present and USB ids from the kernel PRODUCT otherwise', () => {
    const udevd = parseUevent(
      `${ZRAM_CHANGE}ID_VENDOR_FROM_DATABASE=Logitech, Inc.\0ID_VENDOR_ID=046d\0ID_MODEL_ID=c52b\0`,
    );
    const row = hardwareRow(udevd, 'partition');
    assert.equal(row?.vendor, 'Logitech, Inc.');
    assert.equal(row?.vendor_id, '046d');
    const kernel = parseUevent(`${ZRAM_CHANGE}PRODUCT=46d/c52b/1211\0`);
    assert.deepEqual(
      [hardwareRow(kernel, '')?.vendor_id, hardwareRow(kernel, '')?.model_id, hardwareRow(kernel, '')?.revision],
      ['046d', 'c52b', '1211'],
    );
  });
});

/** A block disk of this machine (its name and its uevent properties), or undefined without one. */
function blockDisk(): { name: string; uevent: Map<string, string> } | undefined {
  for (const name of readdirSync('/sys/class/block').sort()) {
    const uevent = parseUevent(readFileSync(`/sys/class/block/${name}/uevent`, 'utf8').replaceAll('\n', '\0'));
    if (uevent.get('DEVTYPE') === 'disk' && uevent.has('DEVNAME')) return { name, uevent: new Map(uevent) };
  }
  return undefined;
}

describe('UdevPublisher', () => {
  it('records a change of a block disk as the kernel reports it', async (t) => {
    const disk = blockDisk();
    if (disk === undefined) return t.skip('no block disk here');
    const sink = memorySink();
    const publisher = new UdevPublisher();
    try {
      const state = await publisher.start(contextWith(sink));
      if (state.state !== 'running') return t.skip(`no uevents here: ${state.reason}`);
      const path = `/dev/${disk.uevent.get('DEVNAME') ?? ''}`;
      const row = (): Row | undefined =>
        sink.of('hardware_events').find((r) => r.path === path && r.action === 'change');
      // Rewritten until seen: a uevent is a datagram, and the first may race the reader thread's start.
      await waitFor(
        `a change event of ${path}`,
        () => {
          if (row() === undefined) writeFileSync(`/sys/class/block/${disk.name}/uevent`, 'change');
          return row() !== undefined;
        },
        { intervalMs: 500 },
      );
      assert.equal(row()?.type, disk.uevent.get('DEVTYPE'));
      assert.equal(row()?.driver, disk.uevent.get('DRIVER') ?? '');
      assert.ok(publisher.stats().events >= 1);
    } finally {
      await publisher.stop();
    }
  });

  it('is disabled with --disable_events', async () => {
    assert.deepEqual(await new UdevPublisher().start(contextWith(memorySink(), { disable_events: 'true' })), {
      state: 'disabled',
      reason: '--disable_events is true',
    });
  });
});
