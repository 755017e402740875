import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { genJetBrainsPlugins, likelyPluginJarsFirst, parsePluginXml } from './jetbrains_plugins.js';
import { appsContext, makeFixtureRoot, type FixtureRoot } from './testing.js';

describe('jetbrains_plugins', () => {
  let fx: FixtureRoot;
  before(() => {
    fx = makeFixtureRoot();
  });
  after(() => fx.cleanup());

  it('reads plugin.xml from plugin jars and from the lib jars of plugin folders (deflated and stored)', () => {
    const base = `${fx.root}/home/alice/.local/share/JetBrains`;
    const mermaid = {
      uid: 1000,
      path: `${base}/PyCharmCE2024.1/plugins/mermaid.jar`,
      name: 'Mermaid',
      vendor: 'JetBrains',
      version: '0.0.22+IJ.232',
    };
    assert.deepEqual(genJetBrainsPlugins(appsContext('jetbrains_plugins'), fx.root), [
      {
        product_type: 'intellij_idea',
        uid: 1000,
        path: `${base}/IntelliJIdea2024.3/plugins/github-copilot-intellij`,
        name: 'GitHub Copilot',
        vendor: 'GitHub',
        version: '1.5.29.7524',
      },
      // osquery's `PyCharm%` pattern also matches the PyCharmCE folder, so its plugins appear under both products.
      { product_type: 'pycharm', ...mermaid },
      { product_type: 'pycharm_community_edition', ...mermaid },
    ]);
  });

  it('takes the first element contents as osquery does', () => {
    assert.deepEqual(parsePluginXml('<idea-plugin><name>A</name><vendor\n url="u">\n  V\n</vendor></idea-plugin>'), {
      name: 'A',
      vendor: '\n  V\n',
      version: '',
    });
  });

  it("orders lib jars as IntelliJ's putMoreLikelyPluginJarsFirst", () => {
    assert.deepEqual(
      likelyPluginJarsFirst('kotlin', [
        '/l/resources_en.jar',
        '/l/gson-2.8.0.jar',
        '/l/all-open.jar',
        '/l/kotlin-plugin.jar',
        '/l/kt.jar',
      ]),
      ['/l/kotlin-plugin.jar', '/l/kt.jar', '/l/all-open.jar', '/l/gson-2.8.0.jar', '/l/resources_en.jar'],
    );
  });
});
