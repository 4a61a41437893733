import { AsyncLocalStorage } from 'node:async_hooks';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../config.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatCallOptions {
  /** Called with each piece of text as the model produces it. */
  onToken?: (delta: string) => void;
  /** Overrides the configured timeout, in milliseconds, for the whole call. */
  timeoutMs?: number;
  /** Called once with the tokens the server says the call used, when it says so. */
  onUsage?: (usage: { prompt: number; completion: number }) => void;
}

/**
 * A signal that stops every model call made within it (a person pressed Slack's stop button): the answer
 * pipeline keeps its signature, and whatever calls the model under it is cut off.
 */
export const modelSignal = new AsyncLocalStorage<AbortSignal>();

/** The call's timeout, joined with the stop signal of the work it runs in, if any. */
export function callSignal(timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const stop = modelSignal.getStore();
  return stop ? AbortSignal.any([timeout, stop]) : timeout;
}

/** Tokens of one answer's model calls, added up as the server reports them. */
export interface Tally {
  prompt: number;
  completion: number;
}

/** An onUsage callback that adds a call's tokens to `tally` (the usage event reports every call an answer made). */
export function addUsage(tally: Tally | undefined) {
  return (u: Tally) => {
    if (!tally) return;
    tally.prompt += u.prompt;
    tally.completion += u.completion;
  };
}

/** A chat model Kiki can talk to. The OpenAI one is the only implementation; tests use a fake server. */
export interface ChatModel {
  readonly name: string;
  /** The whole reply, streamed through onToken as it comes. Rejects on timeout or after the retries fail. */
  complete(messages: ChatMessage[], options?: ChatCallOptions): Promise<string>;
  /** The same model and server as a LangChain chat model that calls tools (Kiki's agent), when it can. */
  toolModel?(): Promise<ChatOpenAI>;
}

export interface OpenAIChatOptions {
  model: string;
  apiKey?: string;
  baseUrl?: string;
  timeoutMs: number;
  /** Retries of a failed request (connection errors, 429, 5xx) before any text arrived. */
  maxRetries?: number;
}

export class OpenAIChat implements ChatModel {
  readonly name: string;
  private model?: Promise<ChatOpenAI>;
  private agent?: Promise<ChatOpenAI>;

  constructor(private readonly options: OpenAIChatOptions) {
    this.name = options.model;
  }

  /** LangChain is loaded on the first call: it costs most of a second of start-up that offline runs never need. */
  private client(): Promise<ChatOpenAI> {
    this.model ??= this.build(true);
    return this.model;
  }

  /**
   * The agent's model: the same server, key, model and timeout, streamed. Only ever run through the agent's
   * `stream` (src/agent/run.ts): LangChain's streamed `invoke` would estimate token counts with tiktoken (fetched
   * from the network) instead of reading the server's, which the streamed chunks carry (streamUsage).
   */
  toolModel(): Promise<ChatOpenAI> {
    this.agent ??= this.build(true);
    return this.agent;
  }

  private async build(streaming: boolean): Promise<ChatOpenAI> {
    const { ChatOpenAI } = await import('@langchain/openai');
    const options = this.options;
    return new ChatOpenAI({
      model: options.model,
      // OpenAI-compatible servers such as Ollama accept any key; the client insists on one.
      apiKey: options.apiKey ?? 'not-needed',
      configuration: options.baseUrl ? { baseURL: options.baseUrl } : {},
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 1,
      temperature: 0,
      streaming,
      ...(streaming ? { streamUsage: true } : {}),
    });
  }

  async complete(messages: ChatMessage[], options: ChatCallOptions = {}): Promise<string> {
    const signal = callSignal(options.timeoutMs ?? this.options.timeoutMs);
    const [model, lc] = await Promise.all([this.client(), import('@langchain/core/messages')]);
    const stream = await model.stream(
      messages.map((m) => toLangChain(lc, m)),
      { signal },
    );
    let text = '';
    for await (const chunk of stream) {
      // LangChain's chunk type narrows usage_metadata to never under exactOptionalPropertyTypes; the field is documented.
      const usage = (chunk as unknown as { usage_metadata?: { input_tokens: number; output_tokens: number } }).usage_metadata;
      if (usage && (usage.input_tokens || usage.output_tokens))
        options.onUsage?.({ prompt: usage.input_tokens, completion: usage.output_tokens });
      const delta = typeof chunk.content === 'string' ? chunk.content : chunk.text;
      if (!delta) continue;
      text += delta;
      options.onToken?.(delta);
    }
    return text;
  }
}

function toLangChain(lc: typeof import('@langchain/core/messages'), m: ChatMessage): BaseMessage {
  if (m.role === 'system') return new lc.SystemMessage(m.content);
  if (m.role === 'assistant') return new lc.AIMessage(m.content);
  return new lc.HumanMessage(m.content);
}

/** A chat model when OPENAI_API_KEY or OPENAI_BASE_URL is set; otherwise Kiki answers offline. */
export type ChatConfig = Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'KIKI_CHAT_MODEL' | 'KIKI_LLM_TIMEOUT_MS'>;

export function createChatModel(config: ChatConfig): ChatModel | undefined {
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) return undefined;
  return new OpenAIChat({
    model: config.KIKI_CHAT_MODEL,
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    ...(config.OPENAI_BASE_URL ? { baseUrl: config.OPENAI_BASE_URL } : {}),
    timeoutMs: config.KIKI_LLM_TIMEOUT_MS,
  });
}
