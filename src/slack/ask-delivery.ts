import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Searching } from '../assistant/ask-service.js';
import type { Answer } from '../assistant/types.js';
import { APOLOGY } from '../errors.js';
import type { Services } from '../services.js';
import type { VerifiedMatch } from '../verified/service.js';
import { AnswerStream } from './answer-stream.js';
import { showProgress } from './ask-context.js';
import type { Question } from './ask-flow.js';
import { withheldNote } from './audience.js';
import { answerFallbackText, buildAnswerBlocks } from './blocks/answer.js';
import { escapeMrkdwn } from './blocks/escape.js';
import { buildVerifiedAnswerBlocks, verifiedFallbackText } from './blocks/verified.js';
import { beginSession } from './sessions.js';
import { SLACK_FAILED, withoutRetries } from './slack-calls.js';
import { verifierName } from './verified-flow.js';
import { currentWork } from './work.js';

export type Reply = (args: { text: string; blocks?: KnownBlock[] }) => Promise<boolean>;

/**
 * Posting a reply where the question was asked: through response_url for /kiki (ephemeral), else in the thread;
 * a reply half-written before a crash is finished in place. When Slack refuses it, the person is told so.
 */
export function replier(services: Services, client: WebClient, q: Question): { reply: Reply; tellSlackFailed: () => Promise<void> } {
  const work = currentWork();
  const thread = q.threadTs ? { thread_ts: q.threadTs } : {};
  const tellSlackFailed = async () => {
    // Ephemeral: a different method, often still up when posting is refused.
    await client.chat
      .postEphemeral({ channel: q.channel, user: q.userId, ...thread, text: SLACK_FAILED })
      .catch((error: unknown) => services.logger.error({ err: error }, 'Slack refused the reply and the notice about it'));
  };
  const reply: Reply = async (args) => {
    try {
      if (q.respond) await q.respond({ response_type: 'ephemeral', replace_original: false, ...args });
      else {
        const previous = work?.previousReply;
        if (previous) {
          const updated = await client.chat.update({ channel: previous.channel, ts: previous.ts, ...args }).then(
            () => true,
            () => false,
          );
          if (updated) return true;
        }
        const res = await client.chat.postMessage({ channel: q.channel, ...thread, ...args });
        if (res.ts) work?.noteReply(q.channel, res.ts);
      }
      return true;
    } catch (error) {
      services.logger.error({ err: error, surface: q.surface }, 'Slack refused the reply');
      await tellSlackFailed();
      return false;
    }
  };
  return { reply, tellSlackFailed };
}

function filesNote(names: string[]): KnownBlock {
  const list = names.map((n) => `_${escapeMrkdwn(n)}_`).join(', ');
  return {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `:paperclip: I did not read ${list}: I answer from our documents and the text of your message only.` },
    ],
  };
}

/**
 * How one answer reaches Slack once the documents are searched: progress (pane status or :eyes:), the agent
 * session with its stop button, the streamed message with a model, then the final blocks. Delivery only: what to
 * answer is the AskService's.
 */
export class AskDelivery {
  private progress: { done(): Promise<void> } | undefined;
  private session: ReturnType<typeof beginSession> | undefined;
  private stream: AnswerStream | undefined;
  private readonly out: ReturnType<typeof replier>;

  constructor(
    private readonly services: Services,
    private readonly client: WebClient,
    private readonly q: Question,
    private readonly opts: { question: string; firstInThread: boolean; startAtOnce: boolean; recipientTeam?: string },
  ) {
    this.out = replier(services, client, q);
  }

  get reply(): Reply {
    return this.out.reply;
  }

  /** The person pressed stop (Slack's agent session). */
  get stopped(): boolean {
    return Boolean(this.session?.work.stopped);
  }

  /** The documents are being searched: progress, the agent session (Kiki's Messages tab) and the stream open. */
  begin(): Searching {
    const { services, client, q } = this;
    this.progress = showProgress(services, client, q);
    this.session =
      q.surface === 'dm' && q.threadTs && !q.respond
        ? beginSession(services, client, {
            channel: q.channel,
            threadTs: q.threadTs,
            userId: q.userId,
            first: this.opts.firstInThread,
            question: this.opts.question,
          })
        : undefined;
    const work = currentWork();
    const stream =
      services.assistant.mode === 'llm' && q.threadTs && !q.respond && !work?.previousReply
        ? new AnswerStream(
            client,
            {
              channel: q.channel,
              threadTs: q.threadTs,
              userId: q.userId,
              // The recipient's own team: a Slack Connect guest's, not the workspace's.
              ...(this.opts.recipientTeam ? { teamId: this.opts.recipientTeam } : {}),
            },
            services.logger,
            { startClient: withoutRetries(client, services.config), onMessage: (ts) => work?.noteReply(q.channel, ts) },
          )
        : undefined;
    this.stream = stream;
    if (this.opts.startAtOnce) stream?.start();
    const session = this.session;
    session?.work.onStop(() => void stream?.halt((ts) => session.work.endedBySlack.has(ts)));
    return {
      ...(stream ? { onText: (d: string) => stream.append(d) } : {}),
      ...(session ? { signal: session.work.signal } : {}),
    };
  }

  /** A verified answer, marked as such, with who verified it. */
  async verified(match: VerifiedMatch, eventId: string): Promise<void> {
    const a = match.answer;
    const name = await verifierName(this.services, this.client, a.verifiedBy);
    await this.reply({
      text: verifiedFallbackText(a),
      blocks: buildVerifiedAnswerBlocks(a, { eventId, verifierName: name, due: match.due, shareable: Boolean(this.q.respond) }),
    });
  }

  /** The answer with its sources and buttons: finishes the stream when one is open, else one message. */
  async answered(answer: Answer, eventId: string, extra: KnownBlock[] = []): Promise<void> {
    const { q } = this;
    const options = { eventId, shareable: Boolean(q.respond) };
    const note = q.files?.length ? [filesNote(q.files)] : [];
    const blocks = [...note, ...buildAnswerBlocks(answer, options), ...extra];
    const fallback = answerFallbackText(answer);
    if (this.stream?.started) {
      const streamed = [...note, ...buildAnswerBlocks(answer, { ...options, streamed: true }), ...extra];
      const shown = await this.stream.finish(answer.text, streamed, blocks, fallback, answer.citations.length);
      if (!shown) await this.out.tellSlackFailed();
    } else {
      await this.reply({ text: fallback, blocks });
    }
    await this.progress?.done();
    if (answer.withheld) {
      await this.client.chat
        .postEphemeral({
          channel: q.channel,
          user: q.userId,
          ...(q.threadTs ? { thread_ts: q.threadTs } : {}),
          text: withheldNote(answer.withheld),
        })
        .catch((error: unknown) => this.services.logger.warn({ err: error }, 'could not tell the asker what was left out'));
    }
    await this.session?.end();
  }

  /** Answering failed: an apology in the stream or as a reply. */
  async failed(): Promise<void> {
    await this.progress?.done();
    if (this.stream?.started) await this.stream.fail(APOLOGY);
    else await this.reply({ text: APOLOGY });
    await this.session?.end();
  }

  /** Stopped by the person, or handed off by the agent: what was written stays, nothing more is posted. */
  async ended(): Promise<void> {
    await this.progress?.done();
    await this.session?.end();
  }
}
