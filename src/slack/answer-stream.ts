import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { sanitizeStreamedText } from './blocks/answer.js';
import { sendablePrefix } from './blocks/links.js';

export interface StreamTarget {
  channel: string;
  threadTs: string;
  userId: string;
  teamId?: string;
}

export interface StreamOptions {
  /** For chat.startStream, which has its own fallback (chat.postMessage): the client without retries. */
  startClient?: WebClient;
  /** Called once the message exists (its ts), so a crash can be recovered from. */
  onMessage?: (ts: string) => void;
}

const APPEND_EVERY_MS = 250;
const UPDATE_EVERY_MS = 1000;

/**
 * Shows the model's answer in Slack as it is written: Slack's chat streaming methods
 * (chat.startStream / appendStream / stopStream, https://docs.slack.dev/messaging/sending-and-scheduling-messages#text-streaming)
 * where the workspace has them, otherwise a message updated at most once a second (chat.update rate limits).
 */
export class AnswerStream {
  private mode: 'idle' | 'stream' | 'update' | 'failed' = 'idle';
  private ts?: string;
  private shown = '';
  private pending = '';
  private last = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private starting = false;
  /** Model text not yet sanitised: the tail that may still turn into a link or a mention. */
  private held = '';

  constructor(
    private readonly client: WebClient,
    private readonly target: StreamTarget,
    private readonly logger: Logger,
    private readonly options: StreamOptions = {},
  ) {}

  get started(): boolean {
    return this.starting;
  }

  /** Everything appended so far (sanitised). */
  get text(): string {
    return this.shown + this.pending;
  }

  append(delta: string): void {
    const text = this.held + delta;
    const cut = sendablePrefix(text);
    this.held = text.slice(cut);
    this.pending += sanitizeStreamedText(text.slice(0, cut));
    if (this.mode === 'failed') return;
    if (this.mode === 'idle') {
      if (!this.starting && this.pending) {
        this.starting = true;
        this.enqueue(() => this.begin());
      }
      return;
    }
    const every = this.mode === 'stream' ? APPEND_EVERY_MS : UPDATE_EVERY_MS;
    const wait = this.last + every - Date.now();
    if (wait <= 0) this.enqueue(() => this.flush());
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.enqueue(() => this.flush());
      }, wait);
    }
  }

  /**
   * Ends the message with the blocks that follow the text (sources, buttons). When the final text is not
   * what was streamed (the model failed mid-way, a fallback answer), the whole message is replaced. Each
   * step falls back to the next (stopStream → update → a new message); false when Slack took none of them,
   * so that the caller can tell the person.
   */
  async finish(finalText: string, tailBlocks: KnownBlock[], fullBlocks: KnownBlock[], fallbackText: string): Promise<boolean> {
    clearTimeout(this.timer);
    await this.chain;
    this.pending += sanitizeStreamedText(this.held);
    this.held = '';
    const { channel, threadTs } = this.target;
    const ts = this.ts;
    // The final text differs from the stream only by tidied spaces, unless the answer was replaced.
    const squash = (s: string) => s.replace(/\s+/g, '');
    const sameText = squash(sanitizeStreamedText(finalText)) === squash(this.text);
    const attempt = async (what: string, call: () => Promise<unknown>): Promise<boolean> => {
      try {
        await call();
        return true;
      } catch (error) {
        this.logger.warn({ err: error, step: what }, 'finishing the streamed answer failed; falling back');
        return false;
      }
    };
    const update = () => this.client.chat.update({ channel, ts: ts as string, text: fallbackText, blocks: fullBlocks });
    if (ts && this.mode === 'stream') {
      const stopped = await attempt('chat.stopStream', () =>
        this.client.chat.stopStream({
          channel,
          ts,
          ...(this.pending && sameText ? { markdown_text: this.pending } : {}),
          ...(sameText ? { blocks: tailBlocks } : {}),
        }),
      );
      if (stopped && sameText) return true;
      if (await attempt('chat.update', update)) return true;
    } else if (ts && this.mode === 'update') {
      if (await attempt('chat.update', update)) return true;
    }
    // A new message with the whole answer, and the half-written one removed.
    const posted = await attempt('chat.postMessage', async () => {
      const res = await this.client.chat.postMessage({ channel, thread_ts: threadTs, text: fallbackText, blocks: fullBlocks });
      if (res.ts) this.options.onMessage?.(res.ts);
    });
    if (posted && ts) await attempt('chat.delete', () => this.client.chat.delete({ channel, ts }));
    return posted;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.logger.warn({ err: error }, 'streaming the answer to Slack failed'));
  }

  private async begin(): Promise<void> {
    const { channel, threadTs, userId, teamId } = this.target;
    const text = this.take();
    try {
      const res = await (this.options.startClient ?? this.client).chat.startStream({
        channel,
        thread_ts: threadTs,
        markdown_text: text,
        recipient_user_id: userId,
        ...(teamId ? { recipient_team_id: teamId } : {}),
      });
      this.ts = res.ts as string;
      this.mode = 'stream';
    } catch (error) {
      this.logger.info({ err: error }, 'chat streaming unavailable; updating a message instead');
      try {
        const res = await this.client.chat.postMessage({ channel, thread_ts: threadTs, text: text || '…' });
        this.ts = res.ts as string;
        this.mode = 'update';
      } catch (postError) {
        // Nothing is shown while the model writes; finish() posts the whole answer at the end.
        this.logger.warn({ err: postError }, 'could not show the answer while it is written');
        this.mode = 'failed';
        return;
      }
    }
    if (this.ts) this.options.onMessage?.(this.ts);
    this.shown = text;
    this.last = Date.now();
  }

  private async flush(): Promise<void> {
    if (!this.pending || !this.ts) return;
    const { channel } = this.target;
    this.last = Date.now();
    if (this.mode === 'stream') {
      const text = this.take();
      await this.client.chat.appendStream({ channel, ts: this.ts, markdown_text: text });
      this.shown += text;
    } else {
      this.shown += this.take();
      await this.client.chat.update({ channel, ts: this.ts, text: this.shown });
    }
  }

  private take(): string {
    const t = this.pending;
    this.pending = '';
    return t;
  }
}
