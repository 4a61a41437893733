import type { WebClient } from '@slack/web-api';
import type { Turn } from '../assistant/types.js';
import type { Services } from '../services.js';
import type { Question } from './ask-flow.js';

const THREAD_MESSAGES = 20;
const THREAD_PAGES = 5;

/** The thread so far, oldest first, without the question itself; bounded in length. */
export async function readThread(services: Services, client: WebClient, q: Question): Promise<Turn[]> {
  try {
    // Slack returns a thread oldest first, a page at a time: read to its end and keep the latest messages.
    const messages: { ts?: string; text?: string; bot_id?: string; user?: string }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < THREAD_PAGES; page++) {
      const res = await client.conversations.replies({
        channel: q.channel,
        ts: q.threadTs as string,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      messages.push(...(res.messages ?? []));
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return messages
      .filter((m) => m.ts !== q.messageTs && typeof m.text === 'string' && m.text.trim())
      .slice(-THREAD_MESSAGES)
      .map((m) => ({
        role: m.bot_id || (q.botUserId && m.user === q.botUserId) ? ('assistant' as const) : ('user' as const),
        text: stripMentions(m.text as string),
      }));
  } catch (error) {
    services.logger.warn({ err: error }, 'could not read the thread; answering without it');
    return [];
  }
}

export function stripMentions(text: string): string {
  return text
    .replace(/<@[UW][A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The assistant pane's status line, or (while a model works) an :eyes: reaction on the question, removed once answered. */
export function showProgress(services: Services, client: WebClient, q: Question): { done(): Promise<void> } {
  if (q.setStatus) {
    void q.setStatus('is searching the documents…').catch((error: unknown) => services.logger.debug({ err: error }, 'status not set'));
    return { done: async () => {} };
  }
  // Offline answers take milliseconds: a reaction added and removed at once would only be noise.
  if (!q.messageTs || q.respond || services.assistant.mode === 'offline') return { done: async () => {} };
  const target = { channel: q.channel, timestamp: q.messageTs, name: 'eyes' };
  const added = client.reactions.add(target).then(
    () => true,
    () => false,
  );
  return {
    done: async () => {
      if (await added) await client.reactions.remove(target).catch(() => undefined);
    },
  };
}
