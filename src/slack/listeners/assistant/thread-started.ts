import type { AssistantThreadStartedMiddleware } from '@slack/bolt';
import { suggestedPrompts } from '../../../assistant/suggested-prompts.js';
import type { Services } from '../../../services.js';

export const GREETING =
  "Hi! Ask me about our policies and processes: I answer from our internal documents and show where each fact comes from. If they don't say, I'll tell you and put you in touch with the right team.";

export function threadStarted(services: Services): AssistantThreadStartedMiddleware {
  return async ({ event, say, setSuggestedPrompts }) => {
    const { user_id: userId, channel_id: channel, thread_ts: threadTs } = event.assistant_thread;
    await services.askThreads.remember(channel, threadTs, 'assistant', userId);
    await say(GREETING);
    // The prompts are a nicety under a greeting already shown: a failure is logged, not apologised for.
    try {
      const department = await services.directory.labelDepartmentOf(userId);
      await setSuggestedPrompts({ prompts: suggestedPrompts(department), title: 'Try asking' });
    } catch (error) {
      services.logger.warn({ err: error }, 'assistant pane: suggested prompts not set');
    }
  };
}
