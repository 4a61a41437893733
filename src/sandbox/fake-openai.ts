import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { closeNow, listen } from './loopback.js';

/**
 * A stand-in for an OpenAI-compatible server on 127.0.0.1: chat completions (plain and streamed as
 * server-sent events) and embeddings. Tests script its replies and delays; the local sandbox can use its
 * default reply, which quotes the first passage of the prompt with a [1] citation.
 */

/**
 * A message of the conversation as OpenAI's API carries it, with its content read as text: OpenAI takes null
 * (an assistant turn of tool calls) or an array of parts too, which the fake records as '' or their joined text.
 */
export interface ChatRequestMessage {
  role: string;
  content: string;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

/** A function the request offers the model (`tools`, as OpenAI's chat completions take them). */
export interface ChatRequestTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatRequest {
  model: string;
  messages: ChatRequestMessage[];
  tools?: ChatRequestTool[];
  tool_choice?: unknown;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

/** The model asks for functions to be called instead of answering (finish_reason "tool_calls"). */
export interface ToolCallReply {
  toolCalls: { name: string; arguments: Record<string, unknown> }[];
}

export interface FakeOpenAIOptions {
  host?: string;
  port?: number;
  /** Dimension of the deterministic embeddings (default 64). */
  dimensions?: number;
}

export type Reply = string | ((request: ChatRequest) => string | ToolCallReply);

/** The text of a message, whatever form its content has. */
export function contentText(m: { content?: unknown }): string {
  if (typeof m.content === 'string') return m.content;
  if (Array.isArray(m.content)) return m.content.map((p: { text?: unknown }) => (typeof p.text === 'string' ? p.text : '')).join('');
  return '';
}

/** The names of the functions a request offers. */
export function offeredTools(request: ChatRequest): string[] {
  return (request.tools ?? []).map((t) => t.function.name);
}

export class FakeOpenAI extends EventEmitter {
  readonly chatRequests: ChatRequest[] = [];
  readonly embeddingRequests: { model: string; input: string[] }[] = [];
  /** What the model answers; default: the first sentence of passage 1 with a [1] citation. */
  reply: Reply = defaultReply;
  /** Delay before the response starts, in ms (to trigger timeouts). */
  delayMs = 0;
  /** Delay between streamed chunks, in ms. */
  chunkDelayMs = 0;
  private failures: number[] = [];
  private server?: http.Server;
  private baseUrl = '';

  constructor(private readonly options: FakeOpenAIOptions = {}) {
    super();
  }

  /** What to set OPENAI_BASE_URL to. */
  get url(): string {
    return `${this.baseUrl}v1`;
  }

  /** The next request answers with this HTTP status (repeatable, in order). */
  failNext(status = 500): void {
    this.failures.push(status);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error) } }));
      });
    });
    const port = await listen(this.server, this.options.port, this.options.host);
    this.baseUrl = `http://127.0.0.1:${port}/`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server) await closeNow(server);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/v1/, '');
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (res.destroyed) return;
    const failure = this.failures.shift();
    if (failure) return json(failure, { error: { message: `fake failure ${failure}`, type: 'server_error' } });

    if (path === '/chat/completions' && req.method === 'POST') {
      const sent = body as unknown as Omit<ChatRequest, 'messages'> & {
        messages: (Omit<ChatRequestMessage, 'content'> & { content?: unknown })[];
      };
      const request: ChatRequest = { ...sent, messages: sent.messages.map((m) => ({ ...m, content: contentText(m) })) };
      this.chatRequests.push(request);
      this.emit('chat', request);
      const answer = typeof this.reply === 'function' ? this.reply(request) : this.reply;
      const id = `chatcmpl-${crypto.randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      if (typeof answer !== 'string') return this.sendToolCalls(res, request, answer, id, created);
      const text = answer;
      if (!request.stream) {
        return json(200, {
          id,
          object: 'chat.completion',
          created,
          model: request.model,
          choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
          usage: usageOf(request, text),
        });
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const send = (delta: Record<string, unknown>, finish: string | null = null) =>
        res.write(
          `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
        );
      send({ role: 'assistant', content: '' });
      for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
        if (this.chunkDelayMs > 0) await sleep(this.chunkDelayMs);
        if (res.destroyed) return;
        send({ content: piece });
      }
      send({}, 'stop');
      // As OpenAI does when asked: a last chunk with no choices that carries the call's token counts.
      if (request.stream_options?.include_usage)
        res.write(
          `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage: usageOf(request, text) })}\n\n`,
        );
      res.end('data: [DONE]\n\n');
      return;
    }
    if (path === '/embeddings' && req.method === 'POST') {
      const input = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
      this.embeddingRequests.push({ model: String(body.model), input });
      const dims = this.options.dimensions ?? 64;
      return json(200, {
        object: 'list',
        model: body.model,
        data: input.map((text, index) => ({ object: 'embedding', index, embedding: hashedEmbedding(text, dims) })),
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      });
    }
    if (path === '/models') return json(200, { object: 'list', data: [{ id: 'fake-model', object: 'model' }] });
    json(404, { error: { message: `no route ${req.method} ${path}` } });
  }

  /**
   * Tool calls as OpenAI sends them: a message with content null and `tool_calls` (arguments a JSON string),
   * finish_reason "tool_calls"; streamed, the first delta of each call carries its index, id, type and name, the
   * arguments follow in pieces under the same index.
   */
  private async sendToolCalls(
    res: http.ServerResponse,
    request: ChatRequest,
    reply: ToolCallReply,
    id: string,
    created: number,
  ): Promise<void> {
    const offered = new Set(offeredTools(request));
    const unknown = reply.toolCalls.find((c) => !offered.has(c.name));
    if (unknown) throw new Error(`the scripted reply calls ${unknown.name}, which the request does not offer`);
    const calls = reply.toolCalls.map((c) => ({
      id: `call_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`,
      type: 'function' as const,
      function: { name: c.name, arguments: JSON.stringify(c.arguments) },
    }));
    const spent = usageOf(request, calls.map((c) => c.function.name + c.function.arguments).join(''));
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: request.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: null, tool_calls: calls, refusal: null },
              logprobs: null,
              finish_reason: 'tool_calls',
            },
          ],
          usage: spent,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (choices: unknown[], usage?: unknown) =>
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices, ...(usage ? { usage } : {}) })}\n\n`,
      );
    const delta = (d: Record<string, unknown>, finish: string | null = null) =>
      chunk([{ index: 0, delta: d, logprobs: null, finish_reason: finish }]);
    delta({ role: 'assistant', content: null });
    for (const [index, call] of calls.entries()) {
      if (this.chunkDelayMs > 0) await sleep(this.chunkDelayMs);
      if (res.destroyed) return;
      delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
      for (const piece of call.function.arguments.match(/.{1,16}/gs) ?? [])
        delta({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
    delta({}, 'tool_calls');
    if (request.stream_options?.include_usage) chunk([], spent);
    res.end('data: [DONE]\n\n');
  }
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  return new FakeOpenAI(options).start();
}

/** Words hashed into buckets, normalised: texts sharing words get a high cosine, as with a real model. */
export function hashedEmbedding(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}[\p{L}\p{N}]+/gu) ?? []) {
    const h = crypto.createHash('md5').update(word).digest();
    const i = h.readUInt32LE(0) % dims;
    v[i] = (v[i] ?? 0) + (h[4]! & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** The first sentence of the first passage the prompt carries, cited as [1]. */
function defaultReply(request: ChatRequest): string | ToolCallReply {
  const agent = defaultAgentReply(request);
  if (agent) return agent;
  const prompt = request.messages.map((m) => m.content).join('\n');
  const passage = /<passage n="1"[^>]*>\s*([\s\S]*?)<\/passage>/.exec(prompt)?.[1];
  if (!passage) return 'NOT_FOUND';
  const sentence = passage.trim().split(/(?<=[.!?])\s/)[0] ?? passage.trim();
  return `${sentence.slice(0, 300)} [1]`;
}

/**
 * With tools offered (Kiki's agent): search the documents for the person's last message, then answer with the
 * first sentence of the first passage found, cited [1]; what the search did not find is said plainly.
 */
function defaultAgentReply(request: ChatRequest): ToolCallReply | string | undefined {
  if (!offeredTools(request).includes('search_documents')) return undefined;
  const last = request.messages.at(-1);
  if (last?.role === 'user') return { toolCalls: [{ name: 'search_documents', arguments: { query: last.content } }] };
  if (last?.role !== 'tool') return undefined;
  const passage = /<passage n="1"[^>]*>\s*([\s\S]*?)<\/passage>/.exec(last.content)?.[1];
  if (!passage) return 'I did not find this in our documents.';
  const sentence = passage.trim().split(/(?<=[.!?])\s/)[0] ?? passage.trim();
  return `${sentence.slice(0, 300)} [1]`;
}

/** Token counts as a real server reports them, estimated at four characters a token. */
function usageOf(request: ChatRequest, text: string) {
  const prompt = Math.ceil(request.messages.reduce((n, m) => n + m.content.length, 0) / 4);
  const completion = Math.ceil(text.length / 4);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
