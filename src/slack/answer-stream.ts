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

const APPEND_EVERY_MS = 250;
const UPDATE_EVERY_MS = 1000;

/**
 * Shows the model's answer in Slack as it is written: Slack's chat streaming methods
 * (chat.startStream / appendStream / stopStream, https://docs.slack.dev/messaging/sending-and-scheduling-messages#text-streaming)
 * where the workspace has them, otherwise a message updated at most once a second (chat.update rate limits).
 */
export class AnswerStream {
  private mode: 'idle' | 'stream' | 'update' = 'idle';
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
   * what was streamed (the model failed mid-way, a fallback answer), the whole message is replaced.
   */
  async finish(finalText: string, tailBlocks: KnownBlock[], fullBlocks: KnownBlock[], fallbackText: string): Promise<void> {
    clearTimeout(this.timer);
    await this.chain;
    this.pending += sanitizeStreamedText(this.held);
    this.held = '';
    const { channel } = this.target;
    const ts = this.ts as string;
    // The final text differs from the stream only by tidied spaces, unless the answer was replaced.
    const squash = (s: string) => s.replace(/\s+/g, '');
    const sameText = squash(sanitizeStreamedText(finalText)) === squash(this.text);
    if (this.mode === 'stream') {
      await this.client.chat.stopStream({
        channel,
        ts,
        ...(this.pending && sameText ? { markdown_text: this.pending } : {}),
        ...(sameText ? { blocks: tailBlocks } : {}),
      });
      if (!sameText) await this.client.chat.update({ channel, ts, text: fallbackText, blocks: fullBlocks });
    } else {
      await this.client.chat.update({ channel, ts, text: fallbackText, blocks: fullBlocks });
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.logger.warn({ err: error }, 'streaming the answer to Slack failed'));
  }

  private async begin(): Promise<void> {
    const { channel, threadTs, userId, teamId } = this.target;
    const text = this.take();
    try {
      const res = await this.client.chat.startStream({
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
      const res = await this.client.chat.postMessage({ channel, thread_ts: threadTs, text: text || '…' });
      this.ts = res.ts as string;
      this.mode = 'update';
    }
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
