// The two ways the answer evaluation asks a question: through the real Slack path (a signed message.im into the
// real Bolt app, the reply read back from the fake Web API as the person would see it) and through the library
// (AnswerService.answer). Both return the same Reply, so the figures of both can be compared.
import type { AnswerService } from '../../src/assistant/answer.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { askerFor } from '../../src/retrieval/access.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { type FakeSlack, startFakeSlack } from '../../src/sandbox/fake-slack.js';
import { SlackRequestSender } from '../../src/sandbox/signed-requests.js';
import { waitForCall } from '../../src/sandbox/wait-for-call.js';
import { createServices, type Services } from '../../src/services.js';
import { createSlackApp, type SlackRuntime } from '../../src/slack/app.js';
import { NOT_FOUND_TEXT } from '../../src/slack/blocks/answer.js';
import type { EvalQuestion } from './answer-sets.js';

export type ReplyState = 'answer' | 'closest' | 'not_found' | 'other';

export interface Reply {
  state: ReplyState;
  /** Files the reply cites (answer) or links to (closest). */
  sources: string[];
  /** What the person reads, without the list of sources and the buttons. */
  text: string;
  ms: number;
}

type Block = Record<string, unknown>;

/** Text of every block a person reads, except the buttons and the "Sources" list. */
export function visibleText(blocks: Block[]): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    if (typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'text' && typeof v === 'object') walk(v);
    if (o.text && typeof o.text === 'object') walk(o.text);
  };
  for (const b of blocks) {
    if (b.type === 'actions' || b.type === 'context_actions') continue;
    if (isSourcesBlock(b)) continue;
    walk(b);
  }
  return out.join('\n');
}

function isSourcesBlock(b: Block): boolean {
  return JSON.stringify(b).includes('*Sources*') || b.block_id === 'kiki_sources';
}

/** The files named in the reply's source list: `path` in backticks, or a link whose label we can't map (ignored). */
export function citedFiles(blocks: Block[]): string[] {
  const files: string[] = [];
  for (const b of blocks) {
    if (!isSourcesBlock(b) && b.block_id !== 'kiki_closest_links') continue;
    const raw = JSON.stringify(b);
    for (const m of raw.matchAll(/`([^`]+\.(?:md|mdx|txt|pdf|docx|html?))`/g)) files.push(m[1] as string);
  }
  return [...new Set(files)];
}

export function stateOf(blocks: Block[], fallback: string): ReplyState {
  if (blocks.some((b) => b.block_id === 'kiki_closest')) return 'closest';
  if (blocks.some(isSourcesBlock)) return 'answer';
  if (fallback.startsWith(NOT_FOUND_TEXT) || blocks.some((b) => b.block_id === 'kiki_not_found')) return 'not_found';
  return 'other';
}

export async function askLibrary(service: AnswerService, q: EvalQuestion): Promise<Reply> {
  const t0 = performance.now();
  const a = await service.answer({ question: q.query, asker: EVERYONE, history: q.history });
  const ms = performance.now() - t0;
  const state: ReplyState = a.state === 'chat' ? 'other' : a.state;
  const pointed = a.state === 'closest' ? (a.closest ?? []) : a.citations;
  return { state, sources: [...new Set(pointed.map((c) => c.source))], text: a.text, ms };
}

/** The real Bolt app in HTTP mode on a loopback port, talking to a fake Slack Web API. */
export class SlackPath {
  private constructor(
    readonly slack: FakeSlack,
    readonly services: Services,
    private readonly runtime: SlackRuntime,
    private readonly send: SlackRequestSender,
  ) {}

  static async start(env: Record<string, string>): Promise<SlackPath> {
    const slack = await startFakeSlack({ users: [{ id: 'U0EVAL', name: 'eval', department: 'Engineering' }] });
    const { loadConfig } = await import('../../src/config.js');
    const config: Config = loadConfig({
      ...env,
      SLACK_BOT_TOKEN: 'xoxb-eval',
      SLACK_SIGNING_SECRET: 'eval-secret',
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'silent',
    });
    const services = await createServices(config, createLogger('silent'));
    const runtime = createSlackApp(config, services, { host: '127.0.0.1', port: 0 });
    const { url } = await runtime.start();
    await askerFor(config, services.directory, 'U0EVAL');
    return new SlackPath(slack, services, runtime, new SlackRequestSender(url as string, 'eval-secret'));
  }

  /** A DM to Kiki (with the earlier turns already in its thread, for follow-ups); the reply Kiki posts. */
  async ask(q: EvalQuestion, channel = 'D0EVAL'): Promise<Reply> {
    const user = 'U0EVAL';
    let threadTs: string | undefined;
    for (const t of q.history) {
      const m = this.slack.addUserMessage(channel, t.role === 'user' ? user : this.slack.botUserId, t.text, threadTs);
      threadTs ??= m.ts;
    }
    const m = this.slack.addUserMessage(channel, user, q.query, threadTs);
    const root = threadTs ?? m.ts;
    const waiting = waitForCall(this.slack, 'chat.postMessage', (a) => a.thread_ts === root && a.channel === channel, 15_000);
    const t0 = performance.now();
    const res = await this.send.event({
      type: 'message',
      channel_type: 'im',
      channel,
      user,
      text: q.query,
      ts: m.ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if (res.status !== 200) throw new Error(`Kiki answered HTTP ${res.status}`);
    const call = await waiting;
    const ms = performance.now() - t0;
    const blocks = (call.args.blocks as Block[] | undefined) ?? [];
    const fallback = String(call.args.text ?? '');
    return { state: stateOf(blocks, fallback), sources: citedFiles(blocks), text: visibleText(blocks) || fallback, ms };
  }

  async close(): Promise<void> {
    await this.runtime.stop(2000);
    await this.services.close();
    await this.slack.close();
  }
}
