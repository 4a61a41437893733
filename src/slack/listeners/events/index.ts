import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { agentSessionStopped } from './agent-session-stopped.js';
import { appContextChanged } from './agent-view.js';
import { appHomeOpened } from './app-home-opened.js';
import { appMention } from './app-mention.js';
import { channelMessage } from './channel-message.js';
import { directMessage } from './direct-message.js';
import { threadReply } from './thread-reply.js';

export function registerEvents(app: App, services: Services): void {
  app.event('app_mention', appMention(services));
  app.event('app_home_opened', appHomeOpened(services));
  app.event('app_context_changed', appContextChanged(services));
  app.event('agent_session_stopped', agentSessionStopped(services));
  app.message(directMessage(services));
  app.message(threadReply(services));
  app.message(channelMessage(services));
}
