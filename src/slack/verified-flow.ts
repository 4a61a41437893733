import type { WebClient } from '@slack/web-api';
import type { Handoff } from '../assistant/handoffs.js';
import type { Citation } from '../assistant/types.js';
import type { Services } from '../services.js';
import { DEFAULT_REVIEW_DAYS, type VerifiedAnswer } from '../verified/types.js';
import { unescapeEntities } from './blocks/escape.js';
import { buildReviewBlocks, buildSaveModal, buildSaveOfferBlocks, teamLabel } from './blocks/verified.js';
import { openDm } from './upload.js';

/** The name shown in "verified by Hana": the people directory, else the Slack profile; never a ping. */
export async function verifierName(services: Services, client: WebClient, userId: string): Promise<string> {
  const person = services.directory.get(userId);
  const first = person?.name?.split(/\s+/)[0];
  if (first) return first;
  const info = await client.users.info({ user: userId }).catch(() => undefined);
  const u = info?.user;
  const full = u?.profile?.real_name || u?.real_name || u?.profile?.display_name || u?.name;
  return full?.split(/\s+/)[0] || 'a team member';
}

/** After the team's first reply in a hand-off thread: the Save as answer button, in that thread. */
export async function offerSaveAsAnswer(services: Services, client: WebClient, handoff: Handoff): Promise<void> {
  if (!handoff.post_channel || !handoff.post_ts) return;
  await client.chat
    .postMessage({
      channel: handoff.post_channel,
      thread_ts: handoff.post_ts,
      text: 'Save this reply as a verified answer?',
      blocks: buildSaveOfferBlocks(handoff.id),
    })
    .catch((error: unknown) => services.logger.warn({ err: error }, 'Save as answer not offered'));
}

interface ThreadMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  blocks?: { type?: string; text?: { text?: string }; elements?: { text?: string }[] }[];
}

/** What the hand-off thread says: the asker's question (from Kiki's post), the team's replies, the cited sources. */
export async function readHandoffThread(client: WebClient, handoff: Handoff) {
  const res = await client.conversations.replies({ channel: handoff.post_channel ?? '', ts: handoff.post_ts ?? '', limit: 200 });
  const messages = (res.messages ?? []) as ThreadMessage[];
  const root = messages.find((m) => m.ts === handoff.post_ts);
  const first = root?.blocks?.[0]?.text?.text ?? '';
  const question = plain(first.split('help with:\n> ')[1] ?? '');
  const replies = messages.filter((m) => m.ts !== handoff.post_ts && m.user && !m.bot_id && m.text?.trim());
  const sourcesText = root?.blocks?.find((b) => b.type === 'context' && b.elements?.[0]?.text?.startsWith('*Sources*'))?.elements?.[0]
    ?.text;
  return {
    question,
    answer: replies.map((m) => unescapeEntities(m.text ?? '').trim()).join('\n\n'),
    repliers: new Set(replies.map((m) => m.user ?? '')),
    sources: sourcesText ? parseSources(sourcesText) : [],
  };
}

function plain(text: string): string {
  return unescapeEntities(text.replace(/[\u200B\u2060]/g, '')).trim();
}

/** "[1] <url|Title › Heading>" or "[1] Title › Heading (`source`)" lines, as rendered under an answer. */
function parseSources(text: string): Citation[] {
  const out: Citation[] = [];
  for (const line of text.split('\n').slice(1)) {
    const m = /^\[(\d+)\] (?:<([^|>]+)\|([^>]*)>|(.*) \(`([^`]+)`\))$/.exec(line.trim());
    if (!m) continue;
    const label = plain(m[3] ?? m[4] ?? '');
    const [title, heading] = label.split(' › ');
    const url = m[2];
    out.push({
      n: Number(m[1]),
      source: plain(m[5] ?? url ?? ''),
      title: title ?? label,
      heading: heading ?? title ?? label,
      ...(url ? { url } : {}),
    });
  }
  return out;
}

export async function saveModalForHandoff(services: Services, handoff: Handoff, thread: Awaited<ReturnType<typeof readHandoffThread>>) {
  const visibleTo = await services.verified.narrowestAccess(thread.sources.map((s) => s.url ?? s.source));
  return buildSaveModal({
    metadata: `handoff:${handoff.id}`,
    question: thread.question,
    answer: thread.answer,
    departments: departmentsOf(services),
    ...(visibleTo ? { visibleTo } : {}),
    reviewDays: DEFAULT_REVIEW_DAYS,
    sources: thread.sources.map((c) => (c.heading && c.heading !== c.title ? `${c.title} › ${c.heading.split(' › ').at(-1)}` : c.title)),
  });
}

export function departmentsOf(services: Services): string[] {
  return [...services.directory.headcount().keys()].filter((d) => d !== 'Unassigned').sort();
}

/** The asker hears that their question now has a verified answer. */
export async function tellAsker(services: Services, client: WebClient, handoff: Handoff, a: VerifiedAnswer): Promise<void> {
  const text = `:white_check_mark: Your question now has a verified answer from *${teamLabel(a.team)}*: Kiki will give it to anyone who asks the same thing.`;
  const channel = handoff.asker_thread_ts ? handoff.asker_channel : await openDm(client, handoff.asker_id);
  await client.chat
    .postMessage({ channel, ...(handoff.asker_thread_ts ? { thread_ts: handoff.asker_thread_ts } : {}), text })
    .catch((error: unknown) => services.logger.warn({ err: error }, 'asker not told about the verified answer'));
}

/** DMs the verifier: the answer is due for review, or got a 👎. */
export async function askVerifier(client: WebClient, a: VerifiedAnswer, reason: 'due' | 'downvote'): Promise<void> {
  const channel = await openDm(client, a.verifiedBy);
  await client.chat.postMessage({
    channel,
    text: reason === 'due' ? 'A verified answer of yours is due for review.' : 'Someone gave your verified answer a 👎.',
    blocks: buildReviewBlocks(a, reason),
  });
}

/** The review job: each answer past its review date gets one DM to its verifier (claimed, so one replica sends it). */
export async function sendReviewReminders(services: Services, client: WebClient, now = Date.now()): Promise<number> {
  let sent = 0;
  for (const a of await services.verified.records.dueUnnotified(now)) {
    if (!(await services.verified.records.claimReviewNotice(a.id, now))) continue;
    try {
      await askVerifier(client, a, 'due');
      sent++;
    } catch (error) {
      services.logger.warn({ err: error, answer: a.id }, 'review reminder not sent');
    }
  }
  return sent;
}
