/**
 * First-seen detections (Elastic new_terms): a combination of field values never seen before for a key (per host by
 * default) raises an alert once the key is past its learning period. Model: a set of seen combinations per key with
 * the time each key was first seen; combinations seen during the learning period form the baseline. Bounded by
 * `max_terms` (least recently seen combinations go first, so a very old one can alert again, as after a history window).
 */
import { buildAlert, describeProcess } from '../rules/alert-builder.js';
import { BoundedMap } from '../rules/bounded-map.js';
import { optionalDuration, optionalNumber, ruleError, ruleMeta, stringList } from '../rules/parse-fields.js';
import { compileSelector, fieldGetter, groupKey } from '../rules/selector.js';
import { NO_ALERTS, type Detector, type DetectorFactory, type RuleContext, type RuleDocument } from '../rules/types.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { FieldValue } from '../sigma/values.js';
import { historyPath, loadHistory, saveHistory } from './history-file.js';

type ValueGetter = (doc: EnrichedEventInput) => FieldValue;

// Reused by historyKey, which never re-enters: a pair array per event would be garbage.
const keyAndTerm: [string, string] = ['', ''];

/** The key and term as one history key: joined, a flat string (concatenation would make a rope the map keeps). */
function historyKey(key: string, term: string): string {
  keyAndTerm[0] = key;
  keyAndTerm[1] = term;
  return keyAndTerm.join('\u0000');
}

interface TermsDefaults {
  readonly type: string;
  readonly where: unknown;
  readonly key: string[];
  readonly fields: string[];
}

/** `field=value, …` for a message; apart from onEvent, where a closure capturing the event is a per-event context. */
function describeTerms(fields: readonly string[], getters: readonly ValueGetter[], doc: EnrichedEventInput): string {
  return fields.map((f, i) => `${f}=${String(getters[i]?.(doc))}`).join(', ');
}

export function newTermsDetector(doc: RuleDocument, defaults: TermsDefaults, ctx: RuleContext): Detector {
  const meta = ruleMeta(doc, defaults.type, { severity: 'medium' });
  const where = compileSelector(doc, doc.where ?? defaults.where, 'where');
  const keyFields = doc.key === undefined ? defaults.key : stringList(doc, 'key');
  const termFields = doc.fields === undefined ? defaults.fields : stringList(doc, 'fields', true);
  if (termFields.length === 0 || termFields.length > 5) throw ruleError(doc, '"fields" must name 1 to 5 fields');
  const keyGetters = keyFields.map(fieldGetter);
  const termGetters = termFields.map(fieldGetter);
  const learningMs = optionalDuration(doc, 'learning_period', 3_600_000);
  const keysFirstSeen = new BoundedMap<string, number>(optionalNumber(doc, 'max_keys', 100_000));
  const terms = new BoundedMap<string, number>(optionalNumber(doc, 'max_terms', 1_000_000));
  const file = ctx.stateDir ? historyPath(ctx.stateDir, meta.id) : null;
  if (file) loadHistory(file, keysFirstSeen, terms);
  const saveEveryMs = optionalDuration(doc, 'save_every', 600_000);
  let savedAt = -Infinity;
  let dirty = false;
  const save = (): void => {
    if (!file || !dirty) return;
    saveHistory(file, keysFirstSeen, terms);
    dirty = false;
  };
  return {
    meta,
    onEvent(event) {
      if (!where(event.doc)) return NO_ALERTS;
      const key = groupKey(keyGetters, event.doc);
      if (key === null) return NO_ALERTS;
      const t = event.doc.timestamp;
      // The key's history starts with its first selected event, even one whose terms are incomplete.
      const seenBefore = keysFirstSeen.get(key);
      const firstSeen = seenBefore === undefined ? t : Math.min(seenBefore, t);
      if (seenBefore !== firstSeen) {
        keysFirstSeen.set(key, firstSeen);
        dirty = true;
      }
      const term = groupKey(termGetters, event.doc);
      if (term === null) return NO_ALERTS;
      const combined = historyKey(key, term);
      const lastSeen = terms.get(combined);
      // Refresh a known term's place in the cap's order at most once a minute: re-inserting on every event is costly.
      if (lastSeen === undefined || t - lastSeen > 60_000) {
        terms.set(combined, t);
        dirty = true;
      }
      if (lastSeen !== undefined || t - firstSeen < learningMs) return NO_ALERTS;
      const described = describeTerms(termFields, termGetters, event.doc);
      return [
        buildAlert({
          meta,
          groupKey: `${key}|${term}`,
          windowStart: t,
          message: `${meta.name}: first time ${described} for ${key || 'the fleet'} (${describeProcess(event.doc)}).`,
          evidence: [event],
        }),
      ];
    },
    evict(watermark) {
      // Terms are history, not windows: they leave only through the cap. The history is saved now and then.
      if (watermark - savedAt < saveEveryMs) return;
      savedAt = watermark;
      save();
    },
    close: save,
    stateSize: () => terms.size + keysFirstSeen.size,
  };
}

export const newTermsFactory: DetectorFactory = (doc, ctx) => [
  newTermsDetector(
    doc,
    {
      type: 'new_terms',
      where: { 'event.dataset': 'osprey.flow', 'process.executable|exists': true },
      key: ['host.id'],
      fields: ['process.executable', 'destination.ip'],
    },
    ctx,
  ),
];

/** A port a host has not listened on before (listening_ports rows, socket_events binds), with the process. */
export const newListenerFactory: DetectorFactory = (doc, ctx) => [
  newTermsDetector(
    doc,
    {
      type: 'new_listener',
      where: [
        { 'event.dataset': 'osquery.listening_ports' },
        { 'event.dataset': 'osquery.socket_events', 'osquery.columns.action': 'bind' },
      ],
      key: ['host.id'],
      fields: ['network.transport', 'destination.port', 'process.executable'],
    },
    ctx,
  ),
];
