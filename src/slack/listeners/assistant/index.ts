import { type App, Assistant } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { threadStarted } from './thread-started.js';
import { userMessage } from './user-message.js';

/** Slack's assistant pane (Bolt's Assistant); it also receives every threaded DM, answered as follow-ups. */
export function registerAssistant(app: App, services: Services): void {
  app.assistant(new Assistant({ threadStarted: threadStarted(services), userMessage: userMessage(services) }));
}
