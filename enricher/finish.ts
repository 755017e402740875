/**
 * The last touches before an event leaves: threat-intel matches, ECS related.* for search, tags and the
 * enrichment.missing marker.
 */
import { THREAT_TAG, matchIntel } from './intel/match.js';
import type { IntelLists } from './intel/intel-lists.js';
import type { EnrichedEventInput } from '../schemas/generated/enriched_event.js';
import type { HashInput } from '../schemas/generated/shared.js';

export function finishDocument(doc: EnrichedEventInput, missing: readonly string[], intel: IntelLists | null): void {
  const indicators = intel ? matchIntel(doc, intel) : [];
  if (indicators.length > 0) {
    doc.threat = { indicators };
    doc.tags = [...new Set([...(doc.tags ?? []), THREAT_TAG])];
  }
  if (missing.length > 0) doc.enrichment = { missing: [...missing] };
  const related = relatedOf(doc);
  if (related) doc.related = related;
}

function relatedOf(doc: EnrichedEventInput): EnrichedEventInput['related'] {
  const ip = unique([doc.source?.ip, doc.destination?.ip]);
  const user = unique([doc.user?.name, doc.process?.user?.name, doc.file?.owner]);
  const hash = unique([...hashValues(doc.process?.hash), ...hashValues(doc.file?.hash)]);
  if (!ip && !user && !hash) return null;
  return { ip, user, hash };
}

function hashValues(hash: HashInput | null | undefined): Array<string | null | undefined> {
  return hash ? [hash.md5, hash.sha1, hash.sha256] : [];
}

function unique(values: ReadonlyArray<string | null | undefined>): string[] | null {
  let kept: string[] | null = null;
  for (const value of values) {
    if (typeof value !== 'string' || value === '' || kept?.includes(value)) continue;
    (kept ??= []).push(value);
  }
  return kept;
}
