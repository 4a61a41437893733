// `npm run mutation`: Stryker over the code that protects people (who may see, draft, run or read what).
// One module: `npm run mutation -- --mutate src/legal/fields.ts`. CPU heavy (concurrency 1 on a shared
// 2-core machine): not part of CI. Scores per module are in docs/benchmarks.md.
/**
 * The audience rule and the Slack permission checks (issue 26): mutated by `npm run mutation` with every test, and
 * by `npm run mutation:rules` against their direct tests only.
 */
export const PERMISSION_AND_AUDIENCE = [
  // the audience rule: an answer where others read uses only what every reader may read (issue 26)
  'src/assistant/audience.ts',
  'src/slack/audience.ts',
  'src/slack/gaps-audience.ts',
  // Slack permission checks: outsiders, who may press which button, manage verified answers, use agent tools
  'src/slack/outsiders.ts',
  'src/slack/click-rules.ts:17-34',
  'src/slack/verified-rights.ts',
  'src/agent/context.ts:75-83',
  'src/comms/rights.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants: regexes, limits tables) need every test per mutant (~40 s each here,
  // 92% of the time); they are left out of the run and the score, and reported as ignored.
  ignoreStatic: true,
  mutate: [
    // access rules: who may see which document
    'src/retrieval/access.ts',
    // the not-found rule: the answerability model and the three answer states
    'src/assistant/relevance.ts',
    'src/assistant/states.ts',
    // small-group suppression in the adoption report
    'src/usage/report.ts',
    // contract validation
    'src/legal/fields.ts',
    // permission checks: admins, the departments allowed to draft and to run sentiment
    'src/config.ts:216-218',
    'src/legal/contracts.ts:185-196',
    'src/slack/listeners/commands/kiki-usage.ts:14-21',
    'src/slack/listeners/commands/kiki.ts:20-23',
    'src/slack/listeners/actions/usage-export.ts:13-18',
    'src/slack/listeners/views/contract-submit.ts:22-26',
    'src/slack/listeners/commands/kiki-contract.ts:11-22',
    'src/slack/listeners/events/app-home-opened.ts:20-21',
    ...PERMISSION_AND_AUDIENCE,
  ],
  concurrency: 1,
  // The first run of every in-process test (coverage per test) takes over 5 minutes on a busy 2-core machine.
  dryRunTimeoutMinutes: 45,
  timeoutMS: 30000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['dist', 'data', 'reports', 'docs/images', '.stryker-tmp'],
  tempDirName: '.stryker-tmp',
  // TypeScript 7 (tsgo) has no JavaScript API for Stryker to rewrite tsconfig.json with; nothing here needs it
  // (the sandbox copy keeps the same relative paths), so point Stryker at no tsconfig.
  tsconfigFile: 'tsconfig.stryker-none.json',
  cleanTempDir: 'always',
  // A second run retests only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
};
