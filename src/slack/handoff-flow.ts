import type { RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { chooseRoute } from '../assistant/routing.js';
import type { Citation } from '../assistant/types.js';
import { askerFor } from '../retrieval/access.js';
import type { Services } from '../services.js';
import { markHandoffFailed, markHandoffNotified, saveHandoffPending } from '../store/handoff-work.js';
import type { Surface } from '../usage/events.js';
import { audienceCovers, audienceOf } from './audience.js';
import { unescapeEntities } from './blocks/escape.js';
import {
  buildHandoffNoticeBlocks,
  buildHandoffPostBlocks,
  buildRelayText,
  buildResolvedBlocks,
  withoutResolveButton,
} from './blocks/handoff.js';
import { slackSearchSource } from './live-search.js';
import { openDm } from './upload.js';
import { offerSaveAsAnswer } from './verified-flow.js';
import { viewedTeam } from './viewing.js';

export interface HandoffRequest {
  askerId: string;
  /** Where the asker is talking to Kiki. */
  channel: string;
  /** The asker's thread; absent for an ephemeral /kiki answer. */
  threadTs?: string;
  question: string;
  /** What the team is chosen by when it is more than the question (a thread's question and its follow-ups). */
  subject?: string;
  answerText?: string;
  citations?: Citation[];
  sourcesMrkdwn?: string;
  owners: string[];
  answerEventId?: string;
  surface: Surface;
  /** For an ephemeral /kiki answer: reply to the asker only. */
  respond?: RespondFn;
}

const NO_ROUTE =
  "I'd like to hand this to a person, but no team channel is set up for it yet. Please ask a Kiki admin to set KIKI_ROUTING or KIKI_ESCALATION_CHANNEL; in the meantime, your manager can point you to the right team.";
export const POST_FAILED =
  "I couldn't reach the team's channel just now, so nobody has been asked yet. Please try *Talk to a human* again in a moment.";

/** Posts the question to the owning team's channel, tells the asker who will follow up, stores the hand-off. */
export async function startHandoff(services: Services, client: WebClient, req: HandoffRequest): Promise<void> {
  const tell = async (text: string, blocks?: KnownBlock[]) => {
    if (req.respond) await req.respond({ response_type: 'ephemeral', replace_original: false, text, ...(blocks ? { blocks } : {}) });
    else
      await client.chat.postMessage({
        channel: req.channel,
        ...(req.threadTs ? { thread_ts: req.threadTs } : {}),
        text,
        ...(blocks ? { blocks } : {}),
      });
  };
  const department = await services.directory.departmentOf(req.askerId);
  // From the asker's DM, the team whose channel they are viewing comes first (app_context_changed).
  const viewing = req.channel.startsWith('D') ? await viewedTeam(services, req.askerId) : undefined;
  const route = chooseRoute(
    services.routing,
    { owners: viewing ? [viewing, ...req.owners] : req.owners, question: req.subject ?? req.question, department },
    services.config.KIKI_ESCALATION_CHANNEL,
  );
  if (!route) {
    services.usage.record({
      name: 'ask.handoff_unrouted',
      userId: req.askerId,
      feature: 'ask',
      surface: req.surface,
      outcome: 'error',
      department,
    });
    await tell(NO_ROUTE);
    return;
  }
  // A hand-off from under an answer belongs to that answer's interaction: its stamps go on the answer's
  // event, so the usage report counts one question that was handed off, not two interactions.
  const eventId =
    req.answerEventId ??
    services.usage.record({
      name: 'ask.handed_off',
      userId: req.askerId,
      feature: 'ask',
      surface: req.surface,
      outcome: 'handed_off',
      question: req.question,
      department,
      meta: { team: route.team, reason: route.reason },
    });
  const handoff = await services.handoffs.open({
    usage_event_id: eventId,
    answer_event_id: req.answerEventId ?? null,
    asker_id: req.askerId,
    asker_channel: req.channel,
    asker_thread_ts: req.threadTs ?? null,
    team: route.team,
    route_channel: route.channel,
  });
  void services.usage.markHandoff(eventId, 'opened', handoff.opened_at);

  let threadLink: string | undefined;
  if (req.threadTs) {
    threadLink = await client.chat
      .getPermalink({ channel: req.channel, message_ts: req.threadTs })
      .then((r) => r.permalink)
      .catch(() => undefined);
  }
  const shown = await answerForChannel(services, client, req, route.channel);
  const blocks = buildHandoffPostBlocks({
    handoffId: handoff.id,
    askerId: req.askerId,
    department,
    question: req.question,
    ...shown,
    ...(threadLink ? { threadLink } : {}),
    ...(route.mention ? { mention: route.mention } : {}),
  });
  const post = { channel: route.channel, text: `A question for ${route.team}, handed over by Kiki`, blocks };
  const notice = {
    text: `I've asked ${route.team} to follow up with you.`,
    blocks: buildHandoffNoticeBlocks(route.team, route.channel, handoff.id, Boolean(req.threadTs)),
  };
  // Kept until the asker is told: a crash from here on is resumed by the recovery sweep (src/slack/recovery.ts).
  await saveHandoffPending(services.store, handoff.id, { post, notice }, Date.now() + services.config.KIKI_WORK_LEASE_MS);
  try {
    const posted = await client.chat.postMessage(post);
    await services.handoffs.setPost(handoff.id, posted.channel ?? route.channel, posted.ts as string);
  } catch (error) {
    services.logger.error({ err: error, channel: route.channel }, 'hand-off post failed');
    await tell(POST_FAILED);
    await markHandoffFailed(services.store, handoff.id);
    return;
  }
  await tell(notice.text, notice.blocks);
  await markHandoffNotified(services.store, handoff.id);
}

/**
 * What the team channel may be shown of Kiki's answer: the asker's answer when every member there may read
 * all the asker may; otherwise the question answered again within what the channel's members may read.
 */
async function answerForChannel(
  services: Services,
  client: WebClient,
  req: HandoffRequest,
  channel: string,
): Promise<{ answerText?: string; citations?: Citation[]; sourcesMrkdwn?: string; withheld?: number }> {
  const asked = {
    ...(req.answerText ? { answerText: req.answerText } : {}),
    ...(req.citations ? { citations: req.citations } : {}),
    ...(req.sourcesMrkdwn ? { sourcesMrkdwn: req.sourcesMrkdwn } : {}),
  };
  if (!req.answerText && !req.citations?.length && !req.sourcesMrkdwn) return asked;
  const audience = await audienceOf(services, client, channel);
  const asker = await askerFor(services.config, services.directory, req.askerId);
  // With a slack-search source, the asker's answer may quote Slack messages only they may open (and Slack's terms
  // forbid keeping them): the team gets the question answered again from the documents, never that answer.
  if (audienceCovers(audience, asker) && !slackSearchSource(services.config)) return asked;
  try {
    const bounded = await services.assistant.answer({ question: req.question, asker, ...(audience ? { audience } : {}) });
    return {
      ...(bounded.citations.length ? { answerText: bounded.text, citations: bounded.citations } : {}),
      ...(bounded.withheld ? { withheld: bounded.withheld } : {}),
    };
  } catch (error) {
    services.logger.warn({ err: error }, 'hand-off: answer for the team channel failed; posting the question only');
    return {};
  }
}

/** A message in a hand-off's thread in the team channel: passed on to the asker. Returns false if it is not one. */
export async function relayHumanReply(
  services: Services,
  client: WebClient,
  msg: { channel: string; threadTs: string; user: string; text: string },
): Promise<boolean> {
  const handoff = await services.handoffs.byPost(msg.channel, msg.threadTs);
  if (!handoff) return false;
  const text = buildRelayText(msg.user, handoff.team, unescapeEntities(msg.text));
  const channel = handoff.asker_thread_ts ? handoff.asker_channel : await openDm(client, handoff.asker_id);
  await client.chat.postMessage({ channel, ...(handoff.asker_thread_ts ? { thread_ts: handoff.asker_thread_ts } : {}), text });
  if (await services.handoffs.markFirstReply(handoff.id)) {
    void services.usage.markHandoff(handoff.usage_event_id, 'first_reply');
    await offerSaveAsAnswer(services, client, handoff);
  }
  return true;
}

/** "Mark resolved", pressed by the asker or by the team. */
export async function resolveHandoff(
  services: Services,
  client: WebClient,
  handoffId: string,
  by: string,
): Promise<'resolved' | 'already' | 'unknown'> {
  const handoff = await services.handoffs.get(handoffId);
  if (!handoff) return 'unknown';
  if (!(await services.handoffs.resolve(handoffId, by))) return 'already';
  void services.usage.markHandoff(handoff.usage_event_id, 'resolved');
  const done = buildResolvedBlocks(by);
  if (handoff.post_channel && handoff.post_ts) {
    await replaceResolveButton(client, handoff.post_channel, handoff.post_ts, by).catch((error: unknown) =>
      services.logger.warn({ err: error }, 'could not remove "Mark resolved" from the team post'),
    );
    await client.chat
      .postMessage({ channel: handoff.post_channel, thread_ts: handoff.post_ts, text: 'Marked resolved.', blocks: done })
      .catch((error: unknown) => services.logger.warn({ err: error }, 'could not note the resolution in the team thread'));
  }
  if (handoff.asker_thread_ts) {
    await client.chat
      .postMessage({ channel: handoff.asker_channel, thread_ts: handoff.asker_thread_ts, text: 'Marked resolved.', blocks: done })
      .catch((error: unknown) => services.logger.warn({ err: error }, 'could not note the resolution in the asker thread'));
  }
  return 'resolved';
}

/** The message that carried "Mark resolved", read back and updated: the button gives way to who resolved it. */
export async function replaceResolveButton(client: WebClient, channel: string, ts: string, by: string): Promise<void> {
  const res = await client.conversations.replies({ channel, ts, limit: 1, inclusive: true });
  const message = res.messages?.find((m) => m.ts === ts);
  if (!message?.blocks) return;
  const blocks = withoutResolveButton(message.blocks as KnownBlock[], by);
  await client.chat.update({ channel, ts, text: message.text ?? 'Marked resolved.', blocks });
}
