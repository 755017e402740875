import { col, defineTable } from '../../engine/spec.js';
import { genInterfaceAddresses } from './interface_addresses.js';

export default defineTable({
  name: 'interface_addresses',
  description: 'Network interfaces and relevant metadata.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('interface', 'TEXT', 'Interface name'),
    col('address', 'TEXT', 'Specific address for interface'),
    col('mask', 'TEXT', 'Interface netmask'),
    col('broadcast', 'TEXT', 'Broadcast address for the interface'),
    col('point_to_point', 'TEXT', 'PtP address for the interface'),
    col('type', 'TEXT', 'Type of address. One of dhcp, manual, auto, other, unknown'),
    col('friendly_name', 'TEXT', 'The friendly display name of the interface.', { hidden: true }),
  ],
  attributes: { cacheable: true },
  generate: genInterfaceAddresses,
});
