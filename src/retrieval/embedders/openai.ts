import type { OpenAIEmbeddings } from '@langchain/openai';
import { EmbedderError } from '../../errors.js';
import { type Embedder, normalize } from './types.js';

export interface OpenAIEmbedderOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  timeoutMs: number;
  /** Texts per request. */
  batchSize?: number;
}

/** OpenAI (or any OpenAI-compatible server) embeddings through @langchain/openai. */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly stable = true;
  private dim = 0;
  private clientPromise: Promise<OpenAIEmbeddings> | undefined;

  constructor(
    private readonly options: OpenAIEmbedderOptions,
    knownDimension = 0,
  ) {
    this.id = `openai:${options.model}`;
    this.dim = knownDimension;
  }

  /** @langchain/openai takes about half a second to load: only a process that embeds pays for it. */
  private client(): Promise<OpenAIEmbeddings> {
    const o = this.options;
    this.clientPromise ??= import('@langchain/openai').then(
      ({ OpenAIEmbeddings }) =>
        new OpenAIEmbeddings({
          apiKey: o.apiKey,
          model: o.model,
          batchSize: o.batchSize ?? 256,
          timeout: o.timeoutMs,
          maxRetries: 2,
          ...(o.baseURL ? { configuration: { baseURL: o.baseURL } } : {}),
        }),
    );
    return this.clientPromise;
  }

  get dimension(): number {
    return this.dim;
  }

  async embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 512) {
      const batch = await (await this.client()).embedDocuments(texts.slice(i, i + 512));
      for (const v of batch) out.push(this.check(v));
      onProgress?.(out.length);
    }
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.check(await (await this.client()).embedQuery(text));
  }

  private check(v: number[]): Float32Array {
    if (!Array.isArray(v) || v.length === 0) throw new EmbedderError('the embedding server returned an empty vector');
    if (this.dim === 0) this.dim = v.length;
    if (v.length !== this.dim) throw new EmbedderError(`the embedding server returned ${v.length} dimensions, expected ${this.dim}`);
    return normalize(Float32Array.from(v));
  }
}
