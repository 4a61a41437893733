import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { kikiCommand } from './kiki.js';
import { kikiContractCommand } from './kiki-contract.js';
import { kikiSentimentCommand } from './kiki-sentiment.js';
import { kikiUsageCommand } from './kiki-usage.js';

export function registerCommands(app: App, services: Services): void {
  app.command('/kiki', kikiCommand(services));
  app.command('/kiki-contract', kikiContractCommand(services));
  app.command('/kiki-sentiment', kikiSentimentCommand(services));
  app.command('/kiki-usage', kikiUsageCommand(services));
}
