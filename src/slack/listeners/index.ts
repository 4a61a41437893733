import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { registerActions } from './actions/index.js';
import { registerAssistant } from './assistant/index.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import { registerViews } from './views/index.js';

export function registerListeners(app: App, services: Services): void {
  registerEvents(app, services);
  registerCommands(app, services);
  registerActions(app, services);
  registerViews(app, services);
  registerAssistant(app, services);
}
