import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { comingSoon } from './coming-soon.js';
import { kikiCommand } from './kiki.js';
import { kikiUsageCommand } from './kiki-usage.js';

export function registerCommands(app: App, services: Services): void {
  app.command('/kiki', kikiCommand(services));
  app.command('/kiki-contract', comingSoon('Contract drafting'));
  app.command('/kiki-sentiment', comingSoon('Press sentiment reports'));
  app.command('/kiki-usage', kikiUsageCommand(services));
}
