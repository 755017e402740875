/** osquery's `pci_devices` table (spec specs/posix/pci_devices.table, implementation pci_devices@genPCIDevices). */
import { col, defineTable } from '../../engine/spec.js';
import { genPciDevices } from './pci_devices.js';

export default defineTable({
  name: 'pci_devices',
  description: 'PCI devices active on the host system.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('pci_slot', 'TEXT', 'PCI Device used slot'),
    col('pci_class', 'TEXT', 'PCI Device class'),
    col('driver', 'TEXT', 'PCI Device used driver'),
    col('vendor', 'TEXT', 'PCI Device vendor'),
    col('vendor_id', 'TEXT', 'Hex encoded PCI Device vendor identifier', { collate: 'NOCASE' }),
    col('model', 'TEXT', 'PCI Device model'),
    col('model_id', 'TEXT', 'Hex encoded PCI Device model identifier', { collate: 'NOCASE' }),
    col('pci_class_id', 'TEXT', 'PCI Device class ID in hex format', { collate: 'NOCASE' }),
    col('pci_subclass_id', 'TEXT', 'PCI Device  subclass in hex format', { collate: 'NOCASE' }),
    col('pci_subclass', 'TEXT', 'PCI Device subclass'),
    col('subsystem_vendor_id', 'TEXT', 'Vendor ID of PCI device subsystem', { collate: 'NOCASE' }),
    col('subsystem_vendor', 'TEXT', 'Vendor of PCI device subsystem'),
    col('subsystem_model_id', 'TEXT', 'Model ID of PCI device subsystem', { collate: 'NOCASE' }),
    col('subsystem_model', 'TEXT', 'Device description of PCI device subsystem'),
  ],
  generate: genPciDevices,
});
