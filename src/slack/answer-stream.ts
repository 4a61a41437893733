import type { AnyChunk, KnownBlock, TaskUpdateChunk } from '@slack/types';
import type { ChatStreamer, WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { sanitizeStreamedText } from './blocks/answer.js';

export interface StreamTarget {
  channel: string;
  threadTs: string;
  userId: string;
  /** The recipient's own team (a Slack Connect guest's team, not the workspace's). */
  teamId?: string;
}

const UPDATE_EVERY_MS = 1000;
/** Characters of Markdown buffered before chat.appendStream (ChatStreamer's buffer_size). */
const STREAM_BUFFER = 120;

type Step = 'search' | 'read' | 'write';
const TITLES: Record<Step, string> = {
  search: 'Searching the documents',
  read: 'Reading the sections found',
  write: 'Writing the answer',
};

/**
 * Shows a model's work in Slack while it happens, through the Web API's chat streaming helper
 * (client.chatStream: chat.startStream / appendStream / stopStream, the ChatStreamer that bolt's sayStream
 * wraps): task chunks for the steps ("Searching the documents", "Reading 3 sections", "Writing the answer"),
 * then the answer's Markdown as it is written, then the sources and buttons. Where the workspace has no
 * streaming, a message updated at most once a second instead (chat.update rate limits).
 */
export class AnswerStream {
  private mode: 'idle' | 'stream' | 'update' = 'idle';
  private streamer?: ChatStreamer;
  private ts?: string;
  private shown = '';
  private pending = '';
  private last = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private writing = false;
  /** The end of the text so far that could still become a ping, not shown yet. */
  private held = '';
  private requested = false;

  constructor(
    private readonly client: WebClient,
    private readonly target: StreamTarget,
    private readonly logger: Logger,
  ) {}

  /** Something has reached Slack (the first task, or text). */
  get started(): boolean {
    return this.requested;
  }

  /** Everything appended so far (sanitised). */
  get text(): string {
    return this.shown + this.pending;
  }

  /** Opens the message at once with the first step, so the person sees Kiki at work before any text. */
  start(): void {
    if (this.requested) return;
    this.requested = true;
    this.enqueue(() => this.begin());
  }

  /** The answer failed: the steps end in error and the message says so (instead of a second message). */
  async fail(text: string): Promise<void> {
    clearTimeout(this.timer);
    await this.chain;
    this.pending = '';
    if (this.mode === 'stream' && this.streamer) {
      await this.streamer.stop({ markdown_text: text, chunks: [task('search', 'error')] });
    } else if (this.ts) {
      await this.client.chat.update({ channel: this.target.channel, ts: this.ts, text });
    } else {
      await this.client.chat.postMessage({ channel: this.target.channel, thread_ts: this.target.threadTs, text });
    }
  }

  append(delta: string): void {
    // A ping may come in pieces ("<!ch" + "annel>", "@he" + "re"): an unfinished one waits for the next piece.
    const raw = this.held + delta;
    const cut = safeCut(raw);
    this.held = raw.slice(cut);
    this.pending += sanitizeStreamedText(raw.slice(0, cut));
    if (!this.writing) {
      this.writing = true;
      if (this.mode === 'idle') this.start();
      this.enqueue(async () => {
        if (this.mode === 'stream') {
          await this.streamer?.append({ chunks: [task('search', 'complete'), task('read', 'complete'), task('write', 'in_progress')] });
        }
      });
    }
    if (this.mode === 'stream') {
      this.enqueue(() => this.flush());
      return;
    }
    const wait = this.last + UPDATE_EVERY_MS - Date.now();
    if (wait <= 0) this.enqueue(() => this.flush());
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.enqueue(() => this.flush());
      }, wait);
    }
  }

  /**
   * Ends the message with the blocks that follow the text (sources, buttons), the steps marked done. When the
   * final text is not what was streamed (the model failed mid-way, a fallback answer), the whole message is
   * replaced.
   */
  async finish(finalText: string, tailBlocks: KnownBlock[], fullBlocks: KnownBlock[], fallbackText: string, sections = 0): Promise<void> {
    clearTimeout(this.timer);
    await this.chain;
    const { channel } = this.target;
    this.pending += sanitizeStreamedText(this.held);
    this.held = '';
    const squash = (s: string) => s.replace(/\s+/g, '');
    const sameText = squash(sanitizeStreamedText(finalText)) === squash(this.text);
    if (this.mode === 'stream' && this.streamer) {
      const read = sections > 0 ? `Reading ${sections} section${sections === 1 ? '' : 's'}` : TITLES.read;
      const chunks: AnyChunk[] = [task('search', 'complete'), { ...task('read', 'complete'), title: read }, task('write', 'complete')];
      const rest = sameText ? this.take() : '';
      const res = await this.streamer.stop({
        ...(rest ? { markdown_text: rest } : {}),
        chunks,
        ...(sameText ? { blocks: tailBlocks } : {}),
      });
      this.ts = (res.ts as string | undefined) ?? this.streamer.ts;
      if (!sameText && this.ts) await this.client.chat.update({ channel, ts: this.ts, text: fallbackText, blocks: fullBlocks });
    } else if (this.ts) {
      await this.client.chat.update({ channel, ts: this.ts, text: fallbackText, blocks: fullBlocks });
    } else {
      // Neither streaming nor the first message reached Slack: the answer still does.
      await this.client.chat.postMessage({ channel, thread_ts: this.target.threadTs, text: fallbackText, blocks: fullBlocks });
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.logger.warn({ err: error }, 'streaming the answer to Slack failed'));
  }

  private async begin(): Promise<void> {
    if (this.mode !== 'idle') return;
    const { channel, threadTs, userId, teamId } = this.target;
    try {
      const streamer = this.client.chatStream({
        channel,
        thread_ts: threadTs,
        recipient_user_id: userId,
        ...(teamId ? { recipient_team_id: teamId } : {}),
        task_display_mode: 'timeline',
        buffer_size: STREAM_BUFFER,
      });
      await streamer.append({ chunks: [task('search', 'in_progress')] });
      this.streamer = streamer;
      this.ts = streamer.ts;
      this.mode = 'stream';
    } catch (error) {
      this.logger.info({ err: error }, 'chat streaming unavailable; updating a message instead');
      const text = this.take();
      const res = await this.client.chat.postMessage({ channel, thread_ts: threadTs, text: text || '_Searching the documents…_' });
      this.ts = res.ts as string;
      this.shown = text;
      this.mode = 'update';
    }
    this.last = Date.now();
  }

  private async flush(): Promise<void> {
    if (!this.pending) return;
    this.last = Date.now();
    if (this.mode === 'stream' && this.streamer) {
      const text = this.take();
      this.shown += text;
      await this.streamer.append({ markdown_text: text });
    } else if (this.ts) {
      this.shown += this.take();
      await this.client.chat.update({ channel: this.target.channel, ts: this.ts, text: this.shown });
    }
  }

  private take(): string {
    const t = this.pending;
    this.pending = '';
    return t;
  }
}

function task(id: Step, status: TaskUpdateChunk['status']): TaskUpdateChunk {
  return { type: 'task_update', id, title: TITLES[id], status };
}

/** Where the text can be cut so that no "<…>" or "@word" in progress is split: the rest waits. */
function safeCut(raw: string): number {
  const open = raw.lastIndexOf('<');
  if (open >= 0 && raw.indexOf('>', open) < 0 && raw.length - open <= 80) return open;
  const at = /@[A-Za-z]{0,8}$/.exec(raw);
  return at ? at.index : raw.length;
}
