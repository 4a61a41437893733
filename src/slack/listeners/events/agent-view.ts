import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { suggestedPrompts } from '../../../assistant/suggested-prompts.js';
import type { Services } from '../../../services.js';
import { viewedChannelOf } from '../../payloads.js';
import { rememberViewing } from '../../viewing.js';
import { GREETING } from '../assistant/thread-started.js';

/**
 * Slack's agent view (features.agent_view): a person opening Kiki's Messages tab (app_home_opened with
 * tab "messages", which replaces assistant_thread_started) gets suggested prompts for their department,
 * and a greeting in a conversation that is still empty. app_context_changed says which channel they are
 * looking at: in a team's channel (from the routing table) the prompts are that team's.
 */
export async function welcomeInMessagesTab(services: Services, client: WebClient, userId: string, channel: string): Promise<void> {
  const department = await services.directory.labelDepartmentOf(userId);
  await setPrompts(client, channel, department, 'Try asking');
  const history = await client.conversations.history({ channel, limit: 1 });
  if ((history.messages ?? []).length === 0) await client.chat.postMessage({ channel, text: GREETING });
}

export function appContextChanged(services: Services) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_context_changed'> & AllMiddlewareArgs): Promise<void> => {
    const viewing = viewedChannelOf(event.context);
    const team = viewing ? services.routing.routes.find((r) => r.channel === viewing)?.team : undefined;
    await rememberViewing(services, event.user, viewing).catch((error: unknown) =>
      services.logger.warn({ err: error }, 'viewed channel not remembered'),
    );
    if (team) await setPrompts(client, event.channel, team, `Questions for ${team}`);
    else await setPrompts(client, event.channel, await services.directory.labelDepartmentOf(event.user), 'Try asking');
  };
}

/** In the agent view the prompts belong to the conversation: no thread_ts (with one, Slack ignores the call). */
async function setPrompts(client: WebClient, channel: string, department: string, title: string): Promise<void> {
  await client.assistant.threads.setSuggestedPrompts({ channel_id: channel, prompts: suggestedPrompts(department), title } as Parameters<
    WebClient['assistant']['threads']['setSuggestedPrompts']
  >[0]);
}
