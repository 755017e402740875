/**
 * Checks an enriched document's hashes, IP addresses and domains against the intel lists, and records every hit
 * as an ECS threat indicator naming the field that matched and the list it came from.
 */
import { isIP } from 'node:net';
import type { EnrichedEventInput, ThreatIndicatorInput } from '../../schemas/generated/enriched_event.js';
import type { HashInput } from '../../schemas/generated/shared.js';
import type { IntelLists } from './intel-lists.js';

export const THREAT_TAG = 'threat-intel-match';

export function matchIntel(doc: EnrichedEventInput, lists: IntelLists): ThreatIndicatorInput[] {
  const hits: ThreatIndicatorInput[] = [];
  matchHashes(hits, lists, 'process.hash', doc.process?.hash);
  matchHashes(hits, lists, 'file.hash', doc.file?.hash);
  for (const side of ['source', 'destination'] as const) {
    const endpoint = doc[side];
    if (!endpoint) continue;
    if (endpoint.ip) {
      const list = lists.lookup('ips', endpoint.ip.toLowerCase());
      if (list)
        hits.push({
          type: isIP(endpoint.ip) === 6 ? 'ipv6-addr' : 'ipv4-addr',
          value: endpoint.ip,
          field: `${side}.ip`,
          list,
        });
    }
    if (endpoint.domain) matchDomain(hits, lists, `${side}.domain`, endpoint.domain);
  }
  return hits;
}

function matchHashes(
  hits: ThreatIndicatorInput[],
  lists: IntelLists,
  field: string,
  hash: HashInput | null | undefined,
): void {
  if (!hash) return;
  for (const algorithm of ['md5', 'sha1', 'sha256'] as const) {
    const value = hash[algorithm];
    if (!value) continue;
    const list = lists.lookup('hashes', value.toLowerCase());
    if (list) hits.push({ type: 'file', value, field: `${field}.${algorithm}`, list });
  }
}

/** A listed domain also matches its subdomains: listing evil.example covers a.evil.example. */
function matchDomain(hits: ThreatIndicatorInput[], lists: IntelLists, field: string, domain: string): void {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1 || (i === 0 && labels.length === 1); i++) {
    const candidate = labels.slice(i).join('.');
    const list = lists.lookup('domains', candidate);
    if (list) {
      hits.push({ type: 'domain-name', value: domain, field, list });
      return;
    }
  }
}
