/**
 * Test events made from Sigma rules' own values: for each search of a rule, an event whose fields hold what the
 * search asks for (a `contains` value inside other text, a `startswith` value at the start, wildcards filled in),
 * so the prefilter tests can check on events that really match, and on their near misses.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { listYamlFiles } from './loader.js';

type Doc = Record<string, unknown>;

/** Sigma field → text (as the rule names fields); what `eventOf` turns into an enriched event. */
export type FieldTexts = Record<string, string>;

export function ruleDocuments(dir: string): Doc[] {
  return listYamlFiles(dir).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Doc),
  );
}

/** The field maps of a rule's detection, one per search (a list of maps gives one per map), filters included. */
export function searchesOf(doc: Doc): Doc[] {
  const detection = (doc.detection ?? {}) as Doc;
  const out: Doc[] = [];
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    for (const map of Array.isArray(body) ? body : [body])
      if (map !== null && typeof map === 'object' && !Array.isArray(map)) out.push(map as Doc);
  }
  return out;
}

/** Texts that satisfy a field map, taking the `pick`-th value of each list (all of them under `all`). */
export function textsFor(map: Doc, pick: number): FieldTexts {
  const texts: FieldTexts = {};
  for (const [key, raw] of Object.entries(map)) {
    const [field = '', ...modifiers] = key.split('|');
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0 || modifiers.some((m) => ['re', 'exists', 'lt', 'lte', 'gt', 'gte'].includes(m))) continue;
    const chosen = modifiers.includes('all') ? values : [values[pick % values.length]];
    if (chosen.some((v) => v === null || typeof v === 'object')) continue;
    const text = chosen
      .map((v) => fill(modifiers.includes('cidr') ? String(v).replace(/\/.*$/, '') : String(v)))
      .join(' ');
    const placed = modifiers.includes('contains')
      ? `run ${text} now`
      : modifiers.includes('startswith')
        ? `${text} now`
        : modifiers.includes('endswith')
          ? `/opt/run${text}`
          : text;
    texts[field] = texts[field] === undefined ? placed : `${texts[field]} ${placed}`;
  }
  return texts;
}

/** A Sigma pattern made into text it matches: `*` becomes some letters, `?` one, `\*` a star. */
function fill(pattern: string): string {
  return pattern.replace(/\\([*?\\])|\*|\?/g, (m: string, escaped: string | undefined) =>
    escaped ? escaped : m === '*' ? 'Zz9' : 'q',
  );
}

const PATHS: Record<string, (e: EnrichedEventInput, v: string) => void> = {
  Image: (e, v) => (process(e).executable = v),
  CommandLine: (e, v) => (process(e).command_line = v),
  ParentImage: (e, v) => (process(e).parent = { ...process(e).parent, executable: v }),
  ParentCommandLine: (e, v) => (process(e).parent = { ...process(e).parent, command_line: v }),
  CurrentDirectory: (e, v) => (process(e).working_directory = v),
  User: (e, v) => (e.user = { name: v }),
  ProcessId: (e, v) => (process(e).pid = Number(v)),
  LogonId: (e, v) => (e.osquery = osquery({ auid: v })),
  TargetFilename: (e, v) => (e.file = { path: v }),
  DestinationIp: (e, v) => (e.destination = { ...e.destination, ip: v }),
  DestinationPort: (e, v) => (e.destination = { ...e.destination, port: Number(v) }),
  DestinationHostname: (e, v) => (e.destination = { ...e.destination, domain: v }),
  Initiated: (e, v) => (e.network = { ...e.network, direction: v === 'true' ? 'egress' : 'ingress' }),
};

function process(e: EnrichedEventInput): NonNullable<EnrichedEventInput['process']> {
  return (e.process ??= { pid: 1 });
}

function osquery(columns: Record<string, string>): EnrichedEventInput['osquery'] {
  return { name: 't', action: 'added', counter: 0, epoch: 0, hostIdentifier: 'h', columns, decorations: {} };
}

/** An event of the category holding the texts (unknown fields are left out). */
export function eventOf(category: string, texts: FieldTexts, id: string): EnrichedEventInput {
  const event: EnrichedEventInput = {
    id,
    timestamp: 0,
    event: {
      kind: 'event',
      category: [category === 'process_creation' ? 'process' : category === 'file_event' ? 'file' : 'network'],
      type: ['start', 'creation', 'connection'],
      dataset: category === 'network_connection' ? 'osprey.flow' : 'osquery.process_events',
    },
    process: { pid: 7, executable: '/usr/bin/true', command_line: 'true' },
    network: { direction: 'egress', transport: 'tcp' },
  };
  for (const [field, text] of Object.entries(texts)) PATHS[field]?.(event, text);
  return event;
}
