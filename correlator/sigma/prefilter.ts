/**
 * An index over a category's Sigma rules by what they require of the process image: most Linux rules select on
 * `Image|endswith` literals, so an event needs to run only through the rules whose suffixes its executable has,
 * plus the rules with no image requirement. The full rule still decides; the index only skips rules that cannot match.
 */
import type { SigmaRule } from './compile.js';

export interface RuleIndex {
  /** Indices (ascending) of the rules that may match an event with this executable. */
  candidates(executable: string | null | undefined): number[];
}

const CANDIDATE_CACHE = 4096;

export function indexRules(rules: readonly SigmaRule[]): RuleIndex {
  const byBasename = new Map<string, number[]>();
  const bySuffix: Array<{ suffix: string; rule: number }> = [];
  const always: number[] = [];
  rules.forEach((rule, i) => {
    if (rule.imageSuffixes === null) {
      always.push(i);
      return;
    }
    for (const suffix of new Set(rule.imageSuffixes)) {
      const slash = suffix.lastIndexOf('/');
      // A suffix with a slash fixes the whole basename; one without only ends it.
      if (slash >= 0 && slash < suffix.length - 1) {
        const base = suffix.slice(slash + 1);
        const list = byBasename.get(base) ?? [];
        if (list[list.length - 1] !== i) list.push(i);
        byBasename.set(base, list);
      } else bySuffix.push({ suffix, rule: i });
    }
  });
  // Hosts run few distinct executables: the merged list is built once per executable, not once per event.
  const byExecutable = new Map<string, number[]>();
  const merged = (lower: string): number[] => {
    const indexed = byBasename.get(lower.slice(lower.lastIndexOf('/') + 1));
    let extra: number[] | undefined;
    for (const { suffix, rule } of bySuffix) if (lower.endsWith(suffix)) (extra ??= []).push(rule);
    if (!indexed && !extra) return always;
    return [...new Set([...always, ...(indexed ?? []), ...(extra ?? [])])].sort((a, b) => a - b);
  };
  return {
    candidates(executable) {
      if (!executable) return always;
      const known = byExecutable.get(executable);
      if (known) return known;
      if (byExecutable.size >= CANDIDATE_CACHE) byExecutable.clear();
      const list = merged(executable.toLowerCase());
      byExecutable.set(executable, list);
      return list;
    },
  };
}
