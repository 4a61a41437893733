import type { AnyChunk, KnownBlock, TaskUpdateChunk } from '@slack/types';
import type { ChatStreamer, WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { sanitizeStreamedText } from './blocks/answer.js';
import { sendablePrefix } from './blocks/links.js';

export interface StreamTarget {
  channel: string;
  threadTs: string;
  userId: string;
  /** The recipient's own team (a Slack Connect guest's team, not the workspace's). */
  teamId?: string;
}

export interface StreamOptions {
  /** For chat.startStream, which has its own fallback (chat.postMessage): the client without retries. */
  startClient?: WebClient;
  /** Called once the message exists (its ts), so a crash can be recovered from. */
  onMessage?: (ts: string) => void;
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
 * then the answer's Markdown as it is written, then the sources and buttons. Where the stream cannot start
 * (no streaming in the workspace, Slack slow or failing), a message updated at most once a second instead
 * (chat.update rate limits); where not even that can be posted, nothing is shown until finish() posts the
 * whole answer.
 */
export class AnswerStream {
  private mode: 'idle' | 'stream' | 'update' | 'failed' = 'idle';
  private streamer?: ChatStreamer;
  private ts: string | undefined;
  private shown = '';
  private pending = '';
  private last = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private writing = false;
  /** Model text not yet sanitised: the tail that may still turn into a link or a ping. */
  private held = '';
  private requested = false;
  /** Stopped by the person (Slack's stop button): nothing more is sent. */
  private halted = false;

  constructor(
    private readonly client: WebClient,
    private readonly target: StreamTarget,
    private readonly logger: Logger,
    private readonly options: StreamOptions = {},
  ) {}

  /** Something has been sent to Slack (the first task, or text). */
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
    this.held = '';
    const { channel, threadTs } = this.target;
    const streamer = this.streamer;
    const ts = this.ts;
    if (this.mode === 'stream' && streamer) {
      if (await this.attempt('chat.stopStream', () => streamer.stop({ markdown_text: text, chunks: [task('search', 'error')] }))) return;
    }
    if (ts && this.mode !== 'failed' && (await this.attempt('chat.update', () => this.client.chat.update({ channel, ts, text })))) return;
    await this.attempt('chat.postMessage', () => this.client.chat.postMessage({ channel, thread_ts: threadTs, text }));
  }

  append(delta: string): void {
    if (this.halted) return;
    // A link, an image or a ping may come in pieces ("[the pol" + "icy](https://…)", "<!ch" + "annel>", "@he" + "re"):
    // the tail that could still become one waits for the next piece (or the end).
    const raw = this.held + delta;
    const cut = Math.min(sendablePrefix(raw), safeCut(raw));
    this.held = raw.slice(cut);
    this.pending += sanitizeStreamedText(raw.slice(0, cut));
    if (this.mode === 'failed') return;
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
   * replaced. Each step falls back to the next (stopStream → update → a new message); false when Slack took
   * none of them, so that the caller can tell the person.
   */
  async finish(
    finalText: string,
    tailBlocks: KnownBlock[],
    fullBlocks: KnownBlock[],
    fallbackText: string,
    sections = 0,
  ): Promise<boolean> {
    clearTimeout(this.timer);
    await this.chain;
    const { channel, threadTs } = this.target;
    this.pending += sanitizeStreamedText(this.held);
    this.held = '';
    // The final text differs from the stream only by tidied spaces, unless the answer was replaced.
    const squash = (s: string) => s.replace(/\s+/g, '');
    const sameText = squash(sanitizeStreamedText(finalText)) === squash(this.text);
    const update = () => this.client.chat.update({ channel, ts: this.ts as string, text: fallbackText, blocks: fullBlocks });
    const streamer = this.streamer;
    if (this.mode === 'stream' && streamer) {
      const read = sections > 0 ? `Reading ${sections} section${sections === 1 ? '' : 's'}` : TITLES.read;
      const chunks: AnyChunk[] = [task('search', 'complete'), { ...task('read', 'complete'), title: read }, task('write', 'complete')];
      const rest = sameText ? this.take() : '';
      const stopped = await this.attempt('chat.stopStream', async () => {
        const res = await streamer.stop({ ...(rest ? { markdown_text: rest } : {}), chunks, ...(sameText ? { blocks: tailBlocks } : {}) });
        this.ts = (res.ts as string | undefined) ?? streamer.ts ?? this.ts;
      });
      if (stopped && sameText) return true;
      if (this.ts && (await this.attempt('chat.update', update))) return true;
    } else if (this.ts && this.mode === 'update') {
      if (await this.attempt('chat.update', update)) return true;
    }
    // A new message with the whole answer, and the half-written one removed.
    const posted = await this.attempt('chat.postMessage', async () => {
      const res = await this.client.chat.postMessage({ channel, thread_ts: threadTs, text: fallbackText, blocks: fullBlocks });
      if (res.ts) this.options.onMessage?.(res.ts);
    });
    const old = this.ts;
    if (posted && old) await this.attempt('chat.delete', () => this.client.chat.delete({ channel, ts: old }));
    return posted;
  }

  /**
   * The person pressed stop: nothing more is appended and what was written stays. A stream Slack already ended
   * (its ts in agent_session_stopped's streaming_message_ts) is left as it is; one still open is ended here,
   * its last step marked "Stopped".
   */
  async halt(endedBySlack: (ts: string) => boolean): Promise<void> {
    if (this.halted) return;
    this.halted = true;
    clearTimeout(this.timer);
    await this.chain;
    this.held = '';
    const { channel } = this.target;
    const streamer = this.streamer;
    const ts = this.ts;
    if (this.mode === 'stream' && streamer && ts && !endedBySlack(ts)) {
      const text = this.take();
      await this.attempt('chat.stopStream', () =>
        streamer.stop({ ...(text ? { markdown_text: text } : {}), chunks: [{ ...task('write', 'complete'), title: 'Stopped' }] }),
      );
    } else if (this.mode === 'update' && ts) {
      this.shown += this.take();
      await this.attempt('chat.update', () => this.client.chat.update({ channel, ts, text: `${this.shown}\n\n_Stopped._` }));
    }
    this.mode = 'failed';
  }

  private async attempt(what: string, call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (error) {
      this.logger.warn({ err: error, step: what }, 'finishing the streamed answer failed; falling back');
      return false;
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.logger.warn({ err: error }, 'streaming the answer to Slack failed'));
  }

  private async begin(): Promise<void> {
    if (this.mode !== 'idle') return;
    const { channel, threadTs, userId, teamId } = this.target;
    try {
      const streamer = startingWith(this.client, this.options.startClient).chatStream({
        channel,
        thread_ts: threadTs,
        recipient_user_id: userId,
        ...(teamId ? { recipient_team_id: teamId } : {}),
        task_display_mode: 'timeline',
        buffer_size: STREAM_BUFFER,
      });
      // The first chunk starts the stream (chat.startStream, without retries: its fallback is quicker).
      await streamer.append({ chunks: [task('search', 'in_progress')] });
      this.streamer = streamer;
      this.ts = streamer.ts;
      this.mode = 'stream';
    } catch (error) {
      this.logger.info({ err: error }, 'chat streaming unavailable; updating a message instead');
      const text = this.take();
      try {
        const res = await this.client.chat.postMessage({ channel, thread_ts: threadTs, text: text || '_Searching the documents…_' });
        this.ts = res.ts as string;
        this.shown = text;
        this.mode = 'update';
      } catch (postError) {
        // Nothing is shown while the model writes; finish() posts the whole answer at the end.
        this.logger.warn({ err: postError }, 'could not show the answer while it is written');
        this.pending = text + this.pending;
        this.mode = 'failed';
        return;
      }
    }
    if (this.ts) this.options.onMessage?.(this.ts);
    this.last = Date.now();
  }

  private async flush(): Promise<void> {
    if (!this.pending) return;
    this.last = Date.now();
    if (this.mode === 'stream' && this.streamer) {
      const text = this.take();
      this.shown += text;
      // A failed append keeps its text in the streamer's buffer: it goes with the next append or the stop.
      await this.streamer.append({ markdown_text: text });
    } else if (this.mode === 'update' && this.ts) {
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

/** The client, with chat.startStream taken from `start` (the same client without retries) when given. */
function startingWith(client: WebClient, start: WebClient | undefined): WebClient {
  if (!start) return client;
  const chat = { ...client.chat, startStream: start.chat.startStream };
  return new Proxy(client, { get: (target, prop, receiver) => (prop === 'chat' ? chat : Reflect.get(target, prop, receiver)) });
}

function task(id: Step, status: TaskUpdateChunk['status']): TaskUpdateChunk {
  return { type: 'task_update', id, title: TITLES[id], status };
}

/** Where the text can be cut so that no "<…>" in progress is split (Slack's syntax for a ping): the rest waits. */
function safeCut(raw: string): number {
  const open = raw.lastIndexOf('<');
  if (open >= 0 && raw.indexOf('>', open) < 0 && raw.length - open <= 80) return open;
  const at = /@[A-Za-z]{0,8}$/.exec(raw);
  return at ? at.index : raw.length;
}
