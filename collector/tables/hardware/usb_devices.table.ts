/** osquery's `usb_devices` table (spec specs/posix/usb_devices.table, implementation usb_devices@genUSBDevices). */
import { col, defineTable } from '../../engine/spec.js';
import { genUsbDevices } from './usb_devices.js';

export default defineTable({
  name: 'usb_devices',
  description: 'USB devices that are actively plugged into the host system.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('usb_address', 'INTEGER', 'USB Device used address'),
    col('usb_port', 'INTEGER', 'USB Device used port'),
    col('vendor', 'TEXT', 'USB Device vendor string'),
    col('vendor_id', 'TEXT', 'Hex encoded USB Device vendor identifier', { collate: 'NOCASE' }),
    col('version', 'TEXT', 'USB Device version number', { collate: 'VERSION' }),
    col('model', 'TEXT', 'USB Device model string'),
    col('model_id', 'TEXT', 'Hex encoded USB Device model identifier', { collate: 'NOCASE' }),
    col('serial', 'TEXT', 'USB Device serial connection'),
    col('class', 'TEXT', 'USB Device class'),
    col('subclass', 'TEXT', 'USB Device subclass'),
    col('protocol', 'TEXT', 'USB Device protocol'),
    col('removable', 'INTEGER', '1 If USB device is removable else 0'),
  ],
  generate: genUsbDevices,
});
