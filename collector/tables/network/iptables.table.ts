import { col, defineTable } from '../../engine/spec.js';
import { genIptables } from './iptables.js';

export default defineTable({
  name: 'iptables',
  description: 'Linux IP packet filtering and NAT tool.',
  platforms: ['linux'],
  columns: [
    col('filter_name', 'TEXT', 'Packet matching filter table name.'),
    col('chain', 'TEXT', 'Size of module content.'),
    col('policy', 'TEXT', 'Policy that applies for this rule.'),
    col('target', 'TEXT', 'Target that applies for this rule.'),
    col('protocol', 'INTEGER', 'Protocol number identification.'),
    col('src_port', 'TEXT', 'Protocol source port(s).'),
    col('dst_port', 'TEXT', 'Protocol destination port(s).'),
    col('src_ip', 'TEXT', 'Source IP address.'),
    col('src_mask', 'TEXT', 'Source IP address mask.'),
    col('iniface', 'TEXT', 'Input interface for the rule.'),
    col('iniface_mask', 'TEXT', 'Input interface mask for the rule.'),
    col('dst_ip', 'TEXT', 'Destination IP address.'),
    col('dst_mask', 'TEXT', 'Destination IP address mask.'),
    col('outiface', 'TEXT', 'Output interface for the rule.'),
    col('outiface_mask', 'TEXT', 'Output interface mask for the rule.'),
    col('match', 'TEXT', 'Matching rule that applies.'),
    col('packets', 'INTEGER', 'Number of matching packets for this rule.'),
    col('bytes', 'INTEGER', 'Number of matching bytes for this rule.'),
  ],
  generate: genIptables,
});
