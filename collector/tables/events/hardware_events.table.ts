/**
 * osquery's `hardware_events` (spec specs/linux/hardware_events.table): device events from NETLINK_KOBJECT_UEVENT,
 * recorded by the udev publisher (collector/events/publishers/udev.ts).
 */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'hardware_events',
  description: 'Hardware (PCI/USB/HID) events from UDEV or IOKit.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('action', 'TEXT', 'Remove, insert, change properties, etc'),
    col('path', 'TEXT', 'Local device path assigned (optional)'),
    col('type', 'TEXT', 'Type of hardware and hardware event'),
    col('driver', 'TEXT', 'Driver claiming the device'),
    col('vendor', 'TEXT', 'Hardware device vendor'),
    col('vendor_id', 'TEXT', 'Hex encoded Hardware vendor identifier', { collate: 'NOCASE' }),
    col('model', 'TEXT', 'Hardware device model'),
    col('model_id', 'TEXT', 'Hex encoded Hardware model identifier', { collate: 'NOCASE' }),
    col('serial', 'TEXT', 'Device serial (optional)'),
    col('revision', 'TEXT', 'Device revision (optional)'),
    col('time', 'BIGINT', 'Time of hardware event', { additional: true }),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('hardware_events', ctx),
});
