// `npm run mutation:rules`: the permission and audience modules against their direct, in-process tests only
// (test/security/permission-rules, slack-audience-rules, test/assistant/ask-service): about 3 minutes. A mutant
// these tests miss may still be killed by the Slack-level tests, so the score is a lower bound of `npm run mutation`'s.
import base, { PERMISSION_AND_AUDIENCE } from './stryker.config.mjs';
export default {
  ...base,
  vitest: { configFile: 'vitest.rules.config.ts' },
  incremental: false,
  tempDirName: '.stryker-tmp-rules',
  jsonReporter: { fileName: 'reports/mutation-unit/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation-unit/index.html' },
  mutate: PERMISSION_AND_AUDIENCE,
};
