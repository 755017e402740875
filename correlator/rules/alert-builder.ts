/** Alerts in the alert schema: deterministic id, the context of the primary event, and the evidence. */
import { createHash } from 'node:crypto';
import type { AlertInput, Evidence } from '../../schemas/generated/alert.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { CorrelatorEvent, RuleMeta } from './types.js';

/** What a detector knows when it fires; buildAlert makes the alert record from it. */
export interface AlertParts {
  readonly meta: RuleMeta;
  readonly groupKey: string;
  /** Start of the window the alert covers (event time); part of the id, so a replay gives the same id. */
  readonly windowStart: number;
  readonly message: string;
  /** The events behind the alert, oldest first; context (host, process, …) comes from the last with a process. */
  readonly evidence: readonly CorrelatorEvent[];
}

export function alertId(ruleId: string, groupKey: string, windowStart: number): string {
  return createHash('sha256').update(`${ruleId}\n${groupKey}\n${windowStart}`).digest('hex');
}

export function buildAlert(input: AlertParts): AlertInput {
  const { meta } = input;
  const last = input.evidence[input.evidence.length - 1];
  const primary =
    [...input.evidence].reverse().find((e) => (e.doc.process?.pid ?? null) !== null || e.doc.process?.executable)
      ?.doc ?? last?.doc;
  return {
    id: alertId(meta.id, input.groupKey, input.windowStart),
    timestamp: last?.doc.timestamp ?? input.windowStart,
    rule: {
      id: meta.id,
      name: meta.name,
      type: meta.type,
      description: meta.description,
      tags: meta.tags,
      mitre_techniques: meta.mitreTechniques,
    },
    severity: meta.severity,
    risk_score: meta.riskScore,
    message: input.message,
    host: primary?.host ?? null,
    process: primary?.process ?? null,
    user: primary?.user ?? null,
    file: primary?.file ?? null,
    source: primary?.source ?? null,
    destination: primary?.destination ?? null,
    network: primary?.network ?? null,
    group_key: input.groupKey,
    evidence: input.evidence.map(evidenceOf),
  };
}

export function evidenceOf(event: CorrelatorEvent): Evidence {
  return {
    id: event.doc.id,
    kind: event.kind,
    timestamp: event.doc.timestamp,
    dataset: event.flow?.event.dataset ?? event.doc.event.dataset,
    summary: summarize(event.doc),
    document: event.flow ? event.flow.raw : JSON.stringify(event.doc),
  };
}

/** One line an analyst can read in a table: who did what to where. */
export function summarize(doc: EnrichedEventInput): string {
  const who =
    doc.process?.executable ??
    doc.process?.name ??
    ((doc.process?.pid ?? null) !== null ? `pid ${doc.process?.pid}` : 'unknown process');
  const host = doc.host?.name ?? doc.host?.hostname ?? 'unknown host';
  const user = doc.user?.name ?? doc.process?.user?.name;
  const where = doc.destination?.ip
    ? ` → ${doc.destination.ip}:${doc.destination.port ?? ''}`
    : doc.file?.path
      ? ` ${doc.file.path}`
      : '';
  return `${doc.event.dataset}: ${who}${user ? ` (${user})` : ''} on ${host}${where}`;
}

/** A short description of the process an alert names, for messages. */
export function describeProcess(doc: EnrichedEventInput | undefined): string {
  if (!doc?.process) return 'an unattributed flow';
  const p = doc.process;
  const user = doc.user?.name ?? p.user?.name;
  return `${p.executable ?? p.name ?? 'pid'} (pid ${p.pid ?? '?'}${user ? `, user ${user}` : ''}) on ${doc.host?.name ?? doc.host?.hostname ?? 'an unknown host'}`;
}

export type { EnrichedEventInput };
