import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { answerQuestion } from '../../ask-flow.js';
import { escapeMrkdwn } from '../../blocks/escape.js';
import { openDm } from '../../upload.js';

/** A suggested question pressed on the App Home: asked in the person's DM with Kiki, and answered in its thread. */
export function homeAsk(services: Services) {
  return async ({
    ack,
    action,
    body,
    client,
    context,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const question = (action.value ?? '').trim();
    if (!question) return;
    const userId = body.user.id;
    const channel = await openDm(client, userId);
    const asked = await client.chat.postMessage({ channel, text: `You asked from my Home tab: _${escapeMrkdwn(question)}_` });
    await answerQuestion(services, client, {
      surface: 'home',
      userId,
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      channel,
      threadTs: asked.ts as string,
      followUp: false,
      text: question,
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    });
  };
}
