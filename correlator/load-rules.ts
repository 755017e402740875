/**
 * Loads rule files (YAML, one or more documents each, every document with a `type` from the registry) from a
 * directory. A bad document is an error naming the file, the document and the problem; the others still load.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { OspreyError, messageOf } from '../common/errors.js';
import { listYamlFiles } from './sigma/loader.js';
import { RULE_TYPES } from './registry.js';
import type { Detector, RuleDocument } from './rules/types.js';

export interface RuleLoadResult {
  readonly detectors: Detector[];
  readonly errors: OspreyError[];
}

export function loadRuleFile(file: string, text: string, stateDir?: string): RuleLoadResult {
  const result: RuleLoadResult = { detectors: [], errors: [] };
  parseAllDocuments(text).forEach((yamlDoc, index) => {
    const where = `${file} (document ${index + 1})`;
    try {
      if (yamlDoc.errors.length > 0) throw new Error(yamlDoc.errors[0]?.message ?? 'YAML error');
      const doc = yamlDoc.toJS() as RuleDocument | null;
      if (doc === null) return;
      const type = doc.type;
      if (typeof type !== 'string' || !Object.hasOwn(RULE_TYPES, type)) {
        throw new Error(`"type" must be one of ${Object.keys(RULE_TYPES).join(', ')}; found ${JSON.stringify(type)}`);
      }
      result.detectors.push(
        ...RULE_TYPES[type as keyof typeof RULE_TYPES](doc, {
          baseDir: dirname(file),
          ...(stateDir ? { stateDir } : {}),
        }),
      );
    } catch (err) {
      result.errors.push(
        new OspreyError('CONFIG_INVALID', `${where}: ${messageOf(err)}`, {
          retriable: false,
          cause: err,
          context: { file },
        }),
      );
    }
  });
  return result;
}

export function loadRuleDirectory(dir: string, stateDir?: string): RuleLoadResult {
  const result: RuleLoadResult = { detectors: [], errors: [] };
  for (const file of listYamlFiles(dir)) {
    // Sigma rules live in their own folder, loaded through a `type: sigma` document.
    if (relative(dir, file).split('/').includes('sigma')) continue;
    const loaded = loadRuleFile(file, readFileSync(file, 'utf8'), stateDir);
    result.detectors.push(...loaded.detectors);
    result.errors.push(...loaded.errors);
  }
  const ids = new Set<string>();
  for (const d of result.detectors) {
    if (ids.has(d.meta.id))
      result.errors.push(
        new OspreyError('CONFIG_INVALID', `Rule id ${d.meta.id} is defined twice under ${dir}.`, { retriable: false }),
      );
    ids.add(d.meta.id);
  }
  return result;
}
