import type { RecordedCall } from '../../src/sandbox/fake-slack.js';
import { button, click } from './answers.js';
import type { TestApp } from './app.js';

/**
 * A person talking to Kiki through Slack: the message is stored in the fake Slack (so threads read back as in
 * Slack), then the signed Events API request for it goes to the real Bolt app; the reply is read back from the
 * calls Kiki made to the fake Web API.
 */
type Chat = Pick<TestApp, 'slack' | 'send'>;

/** A message sent to Kiki. */
export interface Said {
  channel: string;
  /** The message's own ts. */
  ts: string;
  /** The thread it belongs to: its thread_ts, or its own ts when it starts one (Kiki answers there). */
  thread: string;
  /** The event as it was sent, to send again (an edit, a retry). */
  event: Record<string, unknown>;
  /** How many Web API calls had been made before it was sent: a reply is a call after these. */
  callsBefore: number;
}

/** A message sent to Kiki, and the answer Kiki posted in its thread. */
export interface Asked extends Said {
  reply: RecordedCall;
}

export interface MessageOptions {
  /** Where it is written: the person's DM with Kiki (`D${user}`) unless given. */
  channel?: string;
  /** `im` unless given (`channel` for a channel thread, `mpim` for a group DM). */
  channelType?: string;
  /** A reply in this thread (its thread_ts). */
  thread?: string;
  /** More fields of the event, after the usual ones: subtype, files, root… */
  event?: Record<string, unknown>;
}

async function send(
  t: Chat,
  channel: string,
  user: string,
  text: string,
  thread: string | undefined,
  event: (ts: string) => Record<string, unknown>,
): Promise<Said> {
  const m = t.slack.addUserMessage(channel, user, text, thread);
  const callsBefore = t.slack.calls.length;
  const sent = event(m.ts);
  await t.send.event(sent);
  return { channel, ts: m.ts, thread: thread ?? m.ts, event: sent, callsBefore };
}

/** `user` writes `text` to Kiki (a DM unless `channel`/`channelType` say otherwise): the signed `message` event. */
export function sendMessage(t: Chat, user: string, text: string, options: MessageOptions = {}): Promise<Said> {
  const channel = options.channel ?? `D${user}`;
  const { thread } = options;
  return send(t, channel, user, text, thread, (ts) => ({
    type: 'message',
    channel_type: options.channelType ?? 'im',
    channel,
    user,
    text,
    ts,
    ...(thread ? { thread_ts: thread } : {}),
    ...options.event,
  }));
}

/** `user` mentions Kiki in `channel` (`<@bot> question`): the signed `app_mention` event. */
export function sendMention(
  t: Chat,
  channel: string,
  user: string,
  question: string,
  options: Pick<MessageOptions, 'thread' | 'event'> = {},
): Promise<Said> {
  const text = `<@${t.slack.botUserId}> ${question}`;
  const { thread } = options;
  return send(t, channel, user, text, thread, (ts) => ({
    type: 'app_mention',
    channel,
    user,
    ...options.event,
    text,
    ts,
    ...(thread ? { thread_ts: thread } : {}),
  }));
}

/** The first message Kiki posts (chat.postMessage) in the thread of `said`, after it was sent. */
export function replyTo(t: Chat, said: Said, timeoutMs?: number): Promise<RecordedCall> {
  const earlier = new Set(t.slack.calls.slice(0, said.callsBefore).map((c) => c.args));
  return t.slack.waitFor(
    'chat.postMessage',
    (a) => !earlier.has(a) && a.channel === said.channel && a.thread_ts === said.thread,
    timeoutMs,
  );
}

/** A DM to Kiki and the answer it posts in the DM's thread. */
export async function dm(t: Chat, user: string, text: string, options: MessageOptions & { timeoutMs?: number } = {}): Promise<Asked> {
  const said = await sendMessage(t, user, text, options);
  return { ...said, reply: await replyTo(t, said, options.timeoutMs) };
}

/** An @mention of Kiki in a channel and the answer it posts in the mention's thread. */
export async function mention(
  t: Chat,
  channel: string,
  user: string,
  question: string,
  options: Pick<MessageOptions, 'thread' | 'event'> = {},
): Promise<Asked> {
  const said = await sendMention(t, channel, user, question, options);
  return { ...said, reply: await replyTo(t, said) };
}

/**
 * `user` clicks `actionId` on a message Kiki posted (`on.reply`) in `on.channel`, in the thread `on.thread` if it
 * is in one; with `withMessage`, the click carries the message as Slack sends it. Returns the click's response_url.
 */
export async function press(
  t: Pick<TestApp, 'slack' | 'send'>,
  user: string,
  on: { channel: string; thread?: string; reply: RecordedCall },
  actionId: string,
  options: { withMessage?: boolean } = {},
): Promise<string> {
  const messageTs = String(on.reply.args.__ts);
  const responseUrl = t.slack.responseUrl();
  await t.send.interaction(
    click(button(on.reply, actionId), {
      user,
      channel: on.channel,
      messageTs,
      threadTs: on.thread,
      ...(options.withMessage
        ? { message: { ts: messageTs, thread_ts: on.thread, text: on.reply.args.text, blocks: on.reply.args.blocks } }
        : {}),
      responseUrl,
    }),
  );
  return responseUrl;
}
