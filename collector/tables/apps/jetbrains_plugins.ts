/**
 * `jetbrains_plugins`, as osquery's genJetBrainsPlugins: for each user and each product's
 * ~/.local/share/JetBrains/<Product>%/plugins folder, every .jar directly inside (a plugin without dependencies)
 * and every sub-folder whose lib/*.jar holds META-INF/plugin.xml (tried in IntelliJ's likely-plugin-jar order). The
 * name, vendor and version are the contents of the first <name>, <vendor …> and <version> elements, as osquery's
 * regular expressions take them.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { usersFromContext } from '../lib/accounts.js';
import { readZipMember } from '../lib/zip.js';

/** [product_type value, folder prefix under ~/.local/share/JetBrains] as osquery's kLinuxPathList. */
const PRODUCTS: ReadonlyArray<readonly [string, string]> = [
  ['clion', 'CLion'],
  ['datagrip', 'DataGrip'],
  ['goland', 'GoLand'],
  ['intellij_idea', 'IntelliJIdea'],
  ['intellij_idea_community_edition', 'IdeaIC'],
  ['phpstorm', 'PhpStorm'],
  ['pycharm', 'PyCharm'],
  ['pycharm_community_edition', 'PyCharmCE'],
  ['resharper', 'ReSharper'],
  ['rider', 'Rider'],
  ['rubymine', 'RubyMine'],
  ['rust_rov', 'RustRover'],
  ['webstorm', 'WebStorm'],
];
const JETBRAINS_DIR = '.local/share/JetBrains';

export function genJetBrainsPlugins(ctx: QueryContext, root = ''): Row[] {
  const rows: Row[] = [];
  for (const user of usersFromContext(ctx, root)) {
    const base = join(root + user.directory, JETBRAINS_DIR);
    const folders = entries(base).filter((e) => e.dir);
    for (const [productType, prefix] of PRODUCTS) {
      // osquery's `<Product>%` pattern: every folder whose name starts with the prefix (PyCharm% also matches PyCharmCE…).
      for (const folder of folders.filter((f) => f.name.startsWith(prefix))) {
        for (const plugin of pluginsIn(join(folder.path, 'plugins')))
          rows.push({ product_type: productType, uid: user.uid, ...plugin });
      }
    }
  }
  return rows;
}

function pluginsIn(pluginsDir: string): Row[] {
  const rows: Row[] = [];
  const items = entries(pluginsDir);
  for (const jar of items.filter((e) => !e.dir)) {
    const attributes = attributesFromJar(jar.path);
    if (attributes !== null) rows.push({ path: jar.path, ...attributes });
  }
  for (const folder of items.filter((e) => e.dir)) {
    const jars = entries(join(folder.path, 'lib'))
      .filter((e) => !e.dir)
      .map((e) => e.path);
    for (const jar of likelyPluginJarsFirst(folder.name, jars)) {
      const attributes = attributesFromJar(jar);
      if (attributes !== null) {
        rows.push({ path: folder.path, ...attributes });
        break;
      }
    }
  }
  return rows;
}

function attributesFromJar(jar: string): Row | null {
  const xml = readZipMember(jar, 'META-INF/plugin.xml');
  if (xml === null || xml.length === 0) return null;
  return parsePluginXml(xml.toString('utf8'));
}

/** The first <name>, <vendor …> and <version> element contents, '' when absent (osquery's getContentFromTag). */
export function parsePluginXml(xml: string): Row {
  const content = (tag: string): string => new RegExp(`<${tag}[\\s\\S]*?>([\\s\\S]*?)<\\/${tag}>`).exec(xml)?.[1] ?? '';
  return {
    name: xml.includes('<name>') ? content('name') : '',
    vendor: xml.includes('<vendor') ? content('vendor') : '',
    version: xml.includes('<version>') ? content('version') : '',
  };
}

/** IntelliJ's putMoreLikelyPluginJarsFirst, which osquery copies: the jar most likely to hold plugin.xml first. */
export function likelyPluginJarsFirst(pluginDirName: string, jars: readonly string[]): string[] {
  const lowerDir = pluginDirName.toLowerCase();
  const keys = (path: string): number[] => {
    const name = basename(path);
    const lower = name.toLowerCase();
    return [
      Number(name.startsWith('resources')),
      Number(isVersionedLibraryName(name)),
      Number(!lower.startsWith(lowerDir)),
      Number(lower.endsWith('-idea.jar')),
      Number(name === 'database-plugin.jar'),
      name.length,
    ];
  };
  return [...jars].sort((a, b) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] ?? 0) - (kb[i] ?? 0);
    return 0;
  });
}

/** A `-digit` (or `-m<digit>`) suffix after the last dash, as in gson-2.8.0.jar or junit-m5.jar. */
function isVersionedLibraryName(name: string): boolean {
  const dash = name.lastIndexOf('-');
  if (dash < 0) return false;
  const next = name[dash + 1] ?? '';
  return /\d/.test(next) || (/[mM]/.test(next) && /\d/.test(name[dash + 2] ?? ''));
}

function entries(dir: string): Array<{ name: string; path: string; dir: boolean }> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      return st.isDirectory() || st.isFile() ? [{ name, path, dir: st.isDirectory() }] : [];
    } catch {
      return [];
    }
  });
}
