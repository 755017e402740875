// Lint enforces shape, not review (tRPC's rules): options objects over long parameter lists, type-only imports,
// exhaustive switches, no non-null assertions, no floating promises.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Boundaries (issue 18). The stages never import each other; common/ and sensors/ import only common/ and
// schemas/ (the contract); cli/ is the composition root and may import the stages; production code never imports
// test helpers. A rule's patterns match the import specifier, so `**/enricher/**` catches `../../enricher/x.js`.
const STAGES = ['collector', 'enricher', 'correlator', 'indexer'];
const TEST_CODE = ['**/*.test.ts', '**/testing/**', '**/testing.ts', '**/test-support/**'];
const TEST_HELPERS = {
  group: ['**/test/**', '**/testing/**', '**/testing.js', '**/test-support/**', '**/*.test.js'],
  message: 'Production code never imports test helpers (test/, testing/, testing.ts, test-support/, *.test.ts).',
};

/** One folder's rule: the folders its production files may not import, and why. */
function boundary(folder, forbidden, why) {
  const patterns =
    forbidden.length > 0 ? [{ group: forbidden.map((f) => `**/${f}/**`), message: why }, TEST_HELPERS] : [TEST_HELPERS];
  return {
    files: [`${folder}/**/*.ts`],
    ignores: TEST_CODE,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

const stageRule = (stage, allowed = []) =>
  boundary(
    stage,
    [...STAGES.filter((s) => s !== stage), 'cli', 'sensors', 'bench'].filter((f) => !allowed.includes(f)),
    `A stage imports only common/ and schemas/ (the contract), never another stage, cli/ or sensors/.`,
  );

const BOUNDARIES = [
  stageRule('collector'),
  stageRule('enricher'),
  // The correlator reads what sensors ship; it may use their parsers as it uses the contract.
  stageRule('correlator', ['sensors']),
  stageRule('indexer'),
  boundary('common', [...STAGES, 'cli', 'sensors', 'bench'], 'common/ imports only schemas/ and itself.'),
  boundary('sensors', [...STAGES, 'cli', 'bench'], 'sensors/ imports only common/ and schemas/.'),
  boundary('schemas', [...STAGES, 'cli', 'sensors', 'bench'], 'schemas/ is the contract: it imports no stage.'),
  boundary('cli', [], ''),
  // The benchmarks may drive any stage, but like production code they import no test helpers: what they share with
  // the tests (the Kafka mock, the daemon process, fixtures, event builders) lives in bench/support/.
  boundary('bench', [], ''),
];

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'scripts/**', 'examples/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'max-params': ['warn', 4],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // node:test's test() and describe() return promises the runner itself awaits.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off', 'max-lines-per-function': 'off' },
  },
  ...BOUNDARIES,
);
