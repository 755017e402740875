/**
 * The folder-level import graph of the production sources, computed from the TypeScript files themselves: which
 * folder imports which. Test code (test/, `*.test.ts`, `testing.ts`, `testing/`, `test-support/`) is left out: tests
 * may reach anywhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Top-level folders that hold TypeScript sources. */
const SOURCE_ROOTS = ['bench', 'cli', 'collector', 'common', 'correlator', 'enricher', 'indexer', 'schemas', 'sensors'];

/** Relative import specifiers: `from '…'`, `import '…'`, `import('…')` and `export … from '…'`. */
const IMPORT_PATTERN = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

export interface SourceFile {
  /** Path from the repository root, with forward slashes. */
  path: string;
  text: string;
}

export function isTestCode(path: string): boolean {
  return path.startsWith('test/') || path.endsWith('.test.ts') || /(^|\/)(testing|test-support)(\.ts|\/)/.test(path);
}

/** Every production .ts file under the source roots (skips what a root does not have). */
export function productionSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const path = relative(root, full).split('\\').join('/');
        if (!isTestCode(path)) files.push({ path, text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const top of SOURCE_ROOTS) walk(join(root, top));
  return files;
}

/** The repository paths a file imports (relative imports only; `.js` specifiers name the `.ts` source). */
export function importsOf(file: SourceFile): string[] {
  const found: string[] = [];
  for (const match of file.text.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1];
    if (specifier === undefined) continue;
    const target = relative('/', resolve('/', dirname(file.path), specifier)).replace(/\.js$/, '.ts');
    found.push(target);
  }
  return found;
}

/** folder -> the other folders its files import (a folder is a file's directory, e.g. `collector/remote`). */
export type FolderGraph = Map<string, Set<string>>;

export function folderGraph(files: readonly SourceFile[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of files) {
    const from = dirname(file.path);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const target of importsOf(file)) {
      const to = dirname(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** The strongly connected components with more than one folder: each is a cycle (Tarjan's algorithm). */
export function folderCycles(graph: FolderGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** Collapses folders to their first `depth` path segments (depth 1: the top-level folders). */
export function collapse(graph: FolderGraph, depth: number): FolderGraph {
  const cut = (folder: string): string => folder.split('/').slice(0, depth).join('/');
  const collapsed: FolderGraph = new Map();
  for (const [from, edges] of graph) {
    const set = collapsed.get(cut(from)) ?? new Set<string>();
    collapsed.set(cut(from), set);
    for (const to of edges) if (cut(to) !== cut(from)) set.add(cut(to));
  }
  return collapsed;
}

/** One line per folder: `from -> to, to`. */
export function printGraph(graph: FolderGraph): string {
  return [...graph.keys()]
    .sort()
    .map((from) => `${from} -> ${[...(graph.get(from) ?? [])].sort().join(', ') || '(nothing)'}`)
    .join('\n');
}
