/**
 * lxd_networks, as osquery's genLxdNetworks: each network URL of GET /1.0/networks, with the instances using it
 * (used_by, "/1.0/instances/" removed, other users such as profiles kept whole) and <url>/state's counters, MAC
 * address, state and MTU.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { lookup, lxdList, lxdMetadata, need, needFlag, needInt, strings, text, tryFields } from './lxd-api.js';

export function* genLxdNetworks(ctx: QueryContext): Iterable<Row> {
  for (const url of lxdList(ctx, '/1.0/networks')) {
    const network = lxdMetadata(ctx, url);
    if (network === null) continue;
    const row: Row = {};
    const complete = tryFields(ctx, url, () => {
      const config = lookup(network, 'config');
      if (config === undefined) need(network, 'config');
      row.name = need(network, 'name');
      row.type = need(network, 'type');
      row.managed = needFlag(network, 'managed');
      row.ipv4_address = text(config, 'ipv4.address');
      row.ipv6_address = text(config, 'ipv6.address');
      row.used_by = strings(lookup(network, 'used_by'))
        .map((u) => u.replace(/^\/1\.0\/instances\//, ''))
        .join(',');
    });
    if (!complete) continue;
    const state = lxdMetadata(ctx, `${url}/state`);
    if (state !== null) {
      tryFields(ctx, `${url}/state`, () => {
        row.bytes_received = needInt(state, 'counters/bytes_received');
        row.bytes_sent = needInt(state, 'counters/bytes_sent');
        row.packets_received = needInt(state, 'counters/packets_received');
        row.packets_sent = needInt(state, 'counters/packets_sent');
        row.hwaddr = need(state, 'hwaddr');
        row.state = need(state, 'state');
        row.mtu = needInt(state, 'mtu');
      });
    }
    yield row;
  }
}
