/**
 * docker_networks, as osquery's genNetworks: GET /networks (an `id` constraint as the filter); subnet and gateway
 * from the first IPAM.Config entry (NULL when there is none). `created` is osquery's reading of Docker's UTC time
 * as local time (getUnixTime(..., true)): identical on a UTC host, as osquery's is.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { asRecord, at, dockerFilter, dockerGet, flag, keyValue, str } from './docker-api.js';
import { unixTimeOf } from './docker-time.js';

export function* genDockerNetworks(ctx: QueryContext): Iterable<Row> {
  const filter = dockerFilter(ctx, 'id', false);
  const list = dockerGet(ctx, `/networks${filter.query}`);
  if (!Array.isArray(list)) return;
  for (const network of list.map(asRecord)) {
    const config = at(network, 'IPAM.Config');
    if (config === undefined) continue; // osquery's lookup of IPAM.Config throws and the network is skipped
    const first = Array.isArray(config) && config.length > 0 ? asRecord(config[0]) : undefined;
    yield {
      id: keyValue(network.Id, filter.prefixes),
      name: str(network.Name) ?? '',
      driver: str(network.Driver) ?? '',
      created: unixTimeOf(str(network.Created) ?? '', true),
      enable_ipv6: flag(network.EnableIPv6),
      subnet: first === undefined ? undefined : (str(first.Subnet) ?? ''),
      gateway: first === undefined ? undefined : (str(first.Gateway) ?? ''),
    };
  }
}
