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
  return {
    candidates(executable) {
      if (!executable) return always;
      const lower = executable.toLowerCase();
      const indexed = byBasename.get(lower.slice(lower.lastIndexOf('/') + 1));
      let extra: number[] | undefined;
      for (const { suffix, rule } of bySuffix) if (lower.endsWith(suffix)) (extra ??= []).push(rule);
      if (!indexed && !extra) return always;
      return [...new Set([...always, ...(indexed ?? []), ...(extra ?? [])])].sort((a, b) => a - b);
    },
  };
}
