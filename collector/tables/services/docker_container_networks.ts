/** docker_container_networks, as osquery's genContainerNetworks: each listed container's NetworkSettings.Networks. */
import type { QueryContext, Row } from '../../engine/spec.js';
import { num, str } from './docker-api.js';
import { genContainerChildren } from './docker-container-children.js';

export function genDockerContainerNetworks(ctx: QueryContext): Iterable<Row> {
  return genContainerChildren(ctx, 'NetworkSettings.Networks', (network, name) => ({
    name,
    network_id: str(network.NetworkID) ?? '',
    endpoint_id: str(network.EndpointID) ?? '',
    gateway: str(network.Gateway) ?? '',
    ip_address: str(network.IPAddress) ?? '',
    ip_prefix_len: num(network.IPPrefixLen) ?? 0,
    ipv6_gateway: str(network.IPv6Gateway) ?? '',
    ipv6_address: str(network.GlobalIPv6Address) ?? '',
    ipv6_prefix_len: num(network.GlobalIPv6PrefixLen) ?? 0,
    mac_address: str(network.MacAddress) ?? '',
  }));
}
