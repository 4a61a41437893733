import { AnswerService } from '../../src/assistant/answer.js';
import { createChatModel } from '../../src/llm/chat.js';
import type { Retriever } from '../../src/retrieval/types.js';
import type { FakeMessage, FakeSlack, RecordedCall } from '../../src/sandbox/fake-slack.js';
import { modelOptions } from '../../src/services.js';
import { ACTION } from '../../src/slack/blocks/answer.js';
import type { TestApp } from './app.js';

/** Points the app's answer pipeline at a test retriever (and the configured model, if any). */
export function useRetriever(t: TestApp, retriever: Retriever): void {
  const chat = createChatModel(t.config);
  t.services.assistant = new AnswerService({
    retriever,
    ...(chat ? { chat } : {}),
    logger: t.services.logger,
    model: modelOptions(t.config),
  });
}

let seq = 0;
/** A Slack-like ts, unique within the test run. */
export function nextTs(): string {
  seq += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(900000 + seq).padStart(6, '0')}`;
}

export function blocksText(call: RecordedCall): string {
  return `${String(call.args.text ?? '')}\n${JSON.stringify(call.args.blocks ?? [])}`;
}

export interface ButtonInfo {
  /** The button as a person sees it: 👍 and 👎 of feedback_buttons appear as ACTION.feedbackUp / feedbackDown. */
  action_id: string;
  value: string;
  block_id: string;
  /** What Slack sends back on a click: the element's type and action_id. */
  type: string;
  sent_action_id: string;
}

interface Element {
  type?: string;
  action_id?: string;
  value?: string;
  positive_button?: { value: string };
  negative_button?: { value: string };
}

/** The clickable things of a message, in order: buttons of actions blocks and the two halves of feedback_buttons. */
export function buttons(call: RecordedCall): ButtonInfo[] {
  const blocks = (call.args.blocks ?? []) as { type: string; block_id?: string; elements?: Element[] }[];
  return blocks
    .filter((b) => b.type === 'actions' || b.type === 'context_actions')
    .flatMap((b) =>
      (b.elements ?? []).flatMap((e): ButtonInfo[] => {
        const block_id = String(b.block_id);
        if (e.type === 'feedback_buttons') {
          const half = (action_id: string, value = '') => ({
            action_id,
            value,
            block_id,
            type: 'feedback_buttons',
            sent_action_id: String(e.action_id),
          });
          return [half(ACTION.feedbackUp, e.positive_button?.value), half(ACTION.feedbackDown, e.negative_button?.value)];
        }
        return [
          {
            action_id: String(e.action_id),
            value: String(e.value ?? ''),
            block_id,
            type: String(e.type),
            sent_action_id: String(e.action_id),
          },
        ];
      }),
    );
}

export function button(call: RecordedCall, actionId: string): ButtonInfo {
  const b = buttons(call).find((x) => x.action_id === actionId);
  if (!b) throw new Error(`no ${actionId} button in ${JSON.stringify(call.args.blocks)}`);
  return b;
}

/** A block_actions payload for a click on a button of a message in a channel/thread. */
export function click(
  b: ButtonInfo,
  where: {
    user: string;
    channel: string;
    messageTs: string;
    threadTs?: string | undefined;
    message?: Record<string, unknown>;
    responseUrl: string;
  },
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: where.user, username: where.user, team_id: 'T0KIKI' },
    channel: { id: where.channel, name: where.channel },
    container: {
      type: 'message',
      channel_id: where.channel,
      message_ts: where.messageTs,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      is_ephemeral: false,
    },
    message: where.message ?? { ts: where.messageTs, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) },
    trigger_id: `trigger-${Date.now()}`,
    response_url: where.responseUrl,
    actions: [{ type: b.type, action_id: b.sent_action_id, block_id: b.block_id, value: b.value, action_ts: `${Date.now() / 1000}` }],
  };
}

/**
 * The answer as the person finally sees it in a thread, however it got there: posted at once (offline),
 * or streamed (chat.startStream … stopStream, then possibly replaced with chat.update).
 */
export async function finalAnswer(slack: FakeSlack, channel: string, threadTs: string, timeoutMs = 8000): Promise<FakeMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = slack.messages.find(
      (m) => m.channel === channel && m.thread_ts === threadTs && m.bot_id && !m.streaming && (m.blocks?.length ?? 0) > 0,
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no final answer in ${channel} thread ${threadTs}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Everything a person reads in a message: its text and its blocks. */
export function messageText(m: FakeMessage): string {
  return `${m.text ?? ''}\n${JSON.stringify(m.blocks ?? [])}`;
}
