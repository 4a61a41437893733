import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests `npm run mutation:rules` runs against each mutant (mergeConfig would add to the base includes, not replace them).
const config = mergeConfig(base, defineConfig({}));
config.test = {
  ...config.test,
  include: ['test/security/permission-rules.test.ts', 'test/security/slack-audience-rules.test.ts', 'test/assistant/ask-service.test.ts'],
};
export default config;
