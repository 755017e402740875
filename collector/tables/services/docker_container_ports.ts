/**
 * docker_container_ports, as osquery's genContainerPorts: each listed container's `Ports`; an unpublished port has
 * host_ip '' and host_port 0.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { num, str } from './docker-api.js';
import { genContainerChildren } from './docker-container-children.js';

export function genDockerContainerPorts(ctx: QueryContext): Iterable<Row> {
  return genContainerChildren(ctx, 'Ports', (port) => ({
    type: str(port.Type) ?? '',
    port: num(port.PrivatePort) ?? 0,
    host_ip: str(port.IP) ?? '',
    host_port: num(port.PublicPort) ?? 0,
  }));
}
