import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services.js';
import { NOT_FOUND_TEXT } from '../../blocks/answer.js';
import { unescapeEntities } from '../../blocks/escape.js';
import { startHandoff } from '../../handoff-flow.js';

const valueSchema = z.object({ e: z.string(), q: z.string(), o: z.array(z.string()).default([]) });

interface MessageLike {
  ts?: string;
  thread_ts?: string;
  text?: string;
  blocks?: { type?: string; elements?: { text?: string }[] }[];
}

/** "Talk to a human" under an answer: the question, Kiki's answer and its sources go to the owning team. */
export function talkToHuman(services: Services) {
  return async ({
    ack,
    action,
    body,
    client,
    respond,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const parsed = valueSchema.safeParse(safeJson(action.value));
    if (!parsed.success) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That button is out of date. Say "talk to a human" and I will find the right team.',
      });
      return;
    }
    const message = body.message as MessageLike | undefined;
    const container = body.container as { channel_id?: string; thread_ts?: string; is_ephemeral?: boolean };
    const channel = body.channel?.id ?? container.channel_id ?? body.user.id;
    const threadTs = container.is_ephemeral ? undefined : (message?.thread_ts ?? container.thread_ts ?? message?.ts);
    const answerText = message?.text && message.text !== NOT_FOUND_TEXT ? unescapeEntities(message.text) : undefined;
    const sources = message?.blocks?.find((b) => b.type === 'context' && b.elements?.[0]?.text?.startsWith('*Sources*'))?.elements?.[0]
      ?.text;
    await startHandoff(services, client, {
      askerId: body.user.id,
      channel,
      ...(threadTs ? { threadTs } : {}),
      question: parsed.data.q,
      ...(answerText ? { answerText } : {}),
      ...(sources ? { sourcesMrkdwn: sources } : {}),
      owners: parsed.data.o,
      answerEventId: parsed.data.e,
      surface: channel.startsWith('D') ? 'dm' : container.is_ephemeral ? 'command' : 'mention',
      ...(threadTs ? {} : { respond }),
    });
  };
}

function safeJson(v: string | undefined): unknown {
  try {
    return JSON.parse(v ?? '');
  } catch {
    return undefined;
  }
}
