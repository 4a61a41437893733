import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { comingSoon } from './coming-soon.js';
import { kikiCommand } from './kiki.js';
import { kikiContractCommand } from './kiki-contract.js';

export function registerCommands(app: App, services: Services): void {
  app.command('/kiki', kikiCommand(services));
  app.command('/kiki-contract', kikiContractCommand(services));
  app.command('/kiki-sentiment', comingSoon('Press sentiment reports'));
  app.command('/kiki-usage', comingSoon('Usage reports'));
}
