/** osquery's network SQL functions (sqlite_string.cpp inet_aton, sqlite_network.cpp, sqlite_hashing.cpp). */
import { BlockList, isIP } from 'node:net';
import { communityIdV1 } from '../../../common/community-id.js';

type Value = string | number | bigint | Buffer | null;

/** inet_aton('1.0.1.5') = 16777477; IPv6 or malformed input gives NULL. */
export function inetAton(value: Value): number | null {
  if (value === null) return null;
  const address = String(value);
  if (isIP(address) !== 4) return null;
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** in_cidr_block('10.0.0.0/26', '10.0.0.24') = 1. A malformed block or address fails the query. */
export function inCidrBlock(cidr: Value, ip: Value): number | null {
  if (cidr === null || ip === null) return null;
  const [network = '', bitsText = ''] = String(cidr).split('/');
  const family = isIP(network);
  const bits = Number(bitsText);
  const max = family === 6 ? 128 : 32;
  if (family === 0 || bitsText === '' || !Number.isInteger(bits) || bits < 0 || bits > max) {
    throw new Error(`in_cidr_block: invalid CIDR block ${String(cidr)}`);
  }
  const address = String(ip);
  const addressFamily = isIP(address);
  if (addressFamily === 0) throw new Error(`in_cidr_block: invalid IP address ${address}`);
  if (addressFamily !== family) return 0;
  const list = new BlockList();
  const type = family === 6 ? 'ipv6' : 'ipv4';
  list.addSubnet(network, bits, type);
  return list.check(address, type) ? 1 : 0;
}

function portOf(value: Value, name: string): number {
  const n = Number(value);
  if (value === null || !Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number`);
  return n;
}

/** community_id_v1(saddr, daddr, sport, dport, proto[, seed]); strict variant fails the query on bad input. */
export function communityId(strict: boolean, warn: (message: string) => void) {
  return (saddr: Value, daddr: Value, sport: Value, dport: Value, proto: Value, seed: Value = 0): string | null => {
    try {
      const protocol = Number(proto);
      const seedValue = Number(seed ?? 0);
      if (proto === null || !Number.isInteger(protocol) || protocol < 0 || protocol > 255) {
        throw new Error('proto must be an IP protocol number');
      }
      if (!Number.isInteger(seedValue) || seedValue < 0 || seedValue > 65535) throw new Error('seed must be 0-65535');
      if (saddr === null || isIP(String(saddr)) === 0) throw new Error('saddr cannot be parsed as IP');
      if (daddr === null || isIP(String(daddr)) === 0) throw new Error('daddr cannot be parsed as IP');
      return communityIdV1({
        srcIp: String(saddr),
        dstIp: String(daddr),
        srcPort: portOf(sport, 'sport'),
        dstPort: portOf(dport, 'dport'),
        proto: protocol,
        seed: seedValue,
      });
    } catch (err) {
      const message = `Community ID ${(err as Error).message}`;
      if (strict) throw new Error(message);
      warn(message);
      return '';
    }
  };
}
