import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests Stryker runs against each mutant: every in-process test. Tests that spawn `kiki` (test/cli, and
// the few that shell out) cannot see an in-memory mutant, and the browser tests are too slow per mutant.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/cli/**',
        'test/**/*.browser.test.ts',
        'test/retrieval/pdf-corpus.test.ts',
        'test/helpers/env.test.ts',
        'test/errors.test.ts',
      ],
    },
  }),
);
