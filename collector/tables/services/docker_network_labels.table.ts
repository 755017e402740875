import { col, defineTable } from '../../engine/spec.js';
import { genDockerNetworkLabels } from './docker_network_labels.js';

export default defineTable({
  name: 'docker_network_labels',
  description: 'Docker network labels.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Network ID', { index: true, collate: 'NOCASE' }),
    col('key', 'TEXT', 'Label key'),
    col('value', 'TEXT', 'Optional label value'),
  ],
  examples: [
    'select * from docker_network_labels',
    "select * from docker_network_labels where id = '1234567890abcdef'",
    "select * from docker_network_labels where id = '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355'",
  ],
  generate: genDockerNetworkLabels,
});
