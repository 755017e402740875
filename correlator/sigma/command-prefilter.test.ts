import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { fromRoot } from '../../common/paths.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { sigmaSetDetector } from '../rules/sigma-detector.js';
import type { CorrelatorEvent } from '../rules/types.js';
import { compileSigmaRule, type SigmaRule } from './compile.js';
import { loadSigmaDirectory } from './loader.js';
import { termFilter } from './prefilter.js';
import { eventOf, ruleDocuments, searchesOf, textsFor, type FieldTexts } from './testing.js';

const dir = fromRoot('correlator/sigma/rules');
const rules = loadSigmaDirectory(dir).loaded;
const docs = ruleDocuments(dir);

/** Every rule's searches as events, alone and merged, as written and upper-cased, and with one field taken away. */
function variedEvents(): EnrichedEventInput[] {
  const events: EnrichedEventInput[] = [];
  const add = (category: string, texts: FieldTexts): void => {
    const id = `e${events.length}`;
    events.push(eventOf(category, texts, id));
    const upper = Object.fromEntries(Object.entries(texts).map(([f, t]) => [f, t.toUpperCase()]));
    events.push(eventOf(category, upper, `${id}-upper`));
    for (const field of Object.keys(texts)) {
      const fewer = { ...texts };
      delete fewer[field];
      events.push(eventOf(category, fewer, `${id}-no-${field}`));
    }
  };
  docs.forEach((doc, n) => {
    const category = String((doc.logsource as Record<string, unknown> | undefined)?.category);
    const searches = searchesOf(doc);
    for (let pick = 0; pick < 3; pick++) {
      const merged: FieldTexts = {};
      for (const search of searches) {
        const texts = textsFor(search, pick);
        add(category, texts);
        for (const [f, t] of Object.entries(texts)) merged[f] = merged[f] === undefined ? t : `${merged[f]} ${t}`;
      }
      add(category, merged);
      // The next rule's command line with this rule's other fields: text that is close to matching, or does.
      const next = docs[(n + 1) % docs.length];
      const other = next ? searchesOf(next).map((s) => textsFor(s, pick).CommandLine) : [];
      add(category, { ...merged, CommandLine: other.filter(Boolean).join(' | ') });
    }
  });
  return events;
}

const events = variedEvents();

function idsMatchedWithout(event: EnrichedEventInput): string[] {
  return rules
    .filter((r) => r.appliesTo(event) && r.matches(event))
    .map((r) => r.id)
    .sort();
}

test('the Sigma prefilters change no result: every event matches the same rules with and without them', () => {
  const detector = sigmaSetDetector('all', rules, 0);
  const everMatched = new Set<string>();
  for (const event of events) {
    const correlated: CorrelatorEvent = { kind: 'endpoint', doc: event };
    const withPrefilter = detector
      .onEvent(correlated)
      .map((a) => a.rule.id)
      .sort();
    const without = idsMatchedWithout(event);
    assert.deepEqual(withPrefilter, without, `event ${event.id} ${JSON.stringify(event.process)}`);
    for (const id of without) everMatched.add(id);
  }
  // The check means something only if the events match most rules.
  assert.ok(events.length > 5000, `${events.length} events`);
  assert.ok(everMatched.size >= 155, `${everMatched.size} of ${rules.length} rules matched some event`);
});

test('the text prefilter skips most rules on an event without their literals', () => {
  const own = rules.filter((r) => r.category === 'process_creation');
  const required = own.filter((r) => r.required !== null).length;
  assert.ok(required >= 135, `${required} of ${own.length} rules have required terms`);
  const filter = termFilter(own);
  filter.begin(eventOf('process_creation', { Image: '/usr/bin/app', CommandLine: '/usr/bin/app --run 7' }, 'plain'));
  const allowed = own.filter((_, i) => filter.allows(i)).length;
  assert.ok(allowed <= 10, `${allowed} of ${own.length} allowed`);
});

function compiled(detection: string): SigmaRule {
  const yaml = `title: t\nlogsource: { category: process_creation }\ndetection:\n${detection}`;
  const result = compileSigmaRule(parse(yaml) as Record<string, unknown>);
  if (!result.ok) throw new Error(result.reason);
  return result.rule;
}

const needles = (r: SigmaRule): string[] | null => r.required?.map((t) => `${t.field}:${t.needle}`).sort() ?? null;

test('required terms: literal pieces, the best filter of an AND, union of an OR, none under not, regex or cased', () => {
  const both = '  a: { CommandLine|contains: [Foo, bar] }\n  b: { Image|endswith: /x }\n  condition: a and b\n';
  assert.deepEqual(needles(compiled(both)), ['CommandLine:bar', 'CommandLine:foo'], 'the image index has the image');
  const either = '  a: { CommandLine|contains: Foo }\n  b: { Image|endswith: /x }\n  condition: a or b\n';
  assert.deepEqual(needles(compiled(either)), ['CommandLine:foo', 'Image:/x']);
  const wild = "  a: { CommandLine: '*ab*long piece?c' }\n  condition: a\n";
  assert.deepEqual(needles(compiled(wild)), ['CommandLine:long piece']);
  const all = '  a: { CommandLine|contains|all: [ab, abcdef] }\n  condition: a\n';
  assert.deepEqual(needles(compiled(all)), ['CommandLine:abcdef'], 'the longer needle is in fewer texts');
  assert.equal(needles(compiled('  a: { CommandLine|contains: x }\n  condition: not a\n')), null);
  assert.equal(needles(compiled('  a: { CommandLine|re: x }\n  condition: a\n')), null);
  assert.equal(needles(compiled('  a: { CommandLine|contains|cased: X }\n  condition: a\n')), null);
  assert.equal(needles(compiled("  a: { CommandLine|contains: ['', x] }\n  condition: a\n")), null);
  assert.equal(needles(compiled('  a: { CommandLine: null }\n  condition: a\n')), null);
});
