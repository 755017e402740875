import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { loadHwIds } from './hwids.js';
import { genUsbDevices, USB_DEVICES_DIR, usbDeviceRows } from './usb_devices.js';

const FIXTURES = fromRoot('collector/tables/hardware/fixtures');

describe('usb_devices', () => {
  it('lists USB devices (not interfaces) from the sysfs layout, named from usb.ids or their own strings', () => {
    const rows = usbDeviceRows(`${FIXTURES}/sys-usb`, loadHwIds([`${FIXTURES}/usb.ids`]));
    assert.deepEqual(rows, [
      {
        usb_address: 1,
        usb_port: 2,
        vendor: 'Logitech, Inc.',
        vendor_id: '046d',
        version: '7200',
        model: 'Mouse',
        model_id: 'c077',
        serial: '',
        class: '0',
        subclass: '0',
        protocol: '0',
        removable: 1,
      },
      // Not in usb.ids: the device's own strings, as udev encodes them (ID_VENDOR / ID_MODEL).
      {
        usb_address: 1,
        usb_port: 3,
        vendor: 'USB',
        vendor_id: '0781',
        version: '0100',
        model: 'Ultra_Fit',
        model_id: '5583',
        serial: '4C530001230517117384',
        class: '0',
        subclass: '0',
        protocol: '0',
        removable: 0,
      },
      {
        usb_address: 1,
        usb_port: 1,
        vendor: 'Linux Foundation',
        vendor_id: '1d6b',
        version: '0515',
        model: '2.0 root hub',
        model_id: '0002',
        serial: '0000:00:1d.0',
        class: '9',
        subclass: '0',
        protocol: '0',
        removable: -1,
      },
    ]);
  });

  it('returns no rows and no error on this machine, which has no USB bus', () => {
    if (existsSync(USB_DEVICES_DIR)) return; // a machine with USB: covered by the fixture test
    assert.deepEqual(genUsbDevices(), []);
  });
});
