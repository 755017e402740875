import { col, defineTable } from '../../engine/spec.js';
import { genDockerContainerPorts } from './docker_container_ports.js';

export default defineTable({
  name: 'docker_container_ports',
  description: 'Docker container ports.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Container ID', { additional: true, collate: 'NOCASE' }),
    col('type', 'TEXT', 'Protocol (tcp, udp)'),
    col('port', 'INTEGER', 'Port inside the container'),
    col('host_ip', 'TEXT', 'Host IP address on which public port is listening'),
    col('host_port', 'INTEGER', 'Host port'),
  ],
  examples: [
    'select * from docker_container_ports',
    "select * from docker_container_ports where id = '1234567890abcdef'",
    "select * from docker_container_ports where id = '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355'",
  ],
  generate: genDockerContainerPorts,
});
