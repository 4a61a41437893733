import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import { IndexUnavailableError } from '../../errors.js';
import { type Corpus, HashEmbedder, LsaEmbedder } from './offline.js';
import { OpenAIEmbedder } from './openai.js';
import type { Embedder } from './types.js';

export type { Embedder } from './types.js';
export type OfflineKind = 'lsa' | 'hash';

/** The embedder the configuration asks for: OpenAI's when a key is set, otherwise the offline LSA model. */
export function configuredEmbedderId(config: Config, offline: OfflineKind = 'lsa'): string {
  if (config.OPENAI_API_KEY) return `openai:${config.KIKI_EMBEDDING_MODEL}`;
  return offline === 'lsa' ? LsaEmbedder.ID : HashEmbedder.ID;
}

function openai(config: Config, dimension = 0): OpenAIEmbedder {
  return new OpenAIEmbedder(
    {
      apiKey: config.OPENAI_API_KEY ?? '',
      model: config.KIKI_EMBEDDING_MODEL,
      ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
      timeoutMs: config.KIKI_LLM_TIMEOUT_MS,
    },
    dimension,
  );
}

/** At ingest: the OpenAI client, or an offline model fitted on (a sample of) the texts about to be indexed. */
export function embedderForIngest(config: Config, texts: Corpus, offline: OfflineKind = 'lsa'): Embedder {
  if (config.OPENAI_API_KEY) return openai(config);
  return offline === 'lsa' ? LsaEmbedder.fit(texts) : HashEmbedder.fit(texts);
}

/** At load: the embedder that built the index in `dir` (its fitted model, or the OpenAI client). */
export function openEmbedder(config: Config, dir: string, id: string, dimension: number): Embedder {
  if (id.startsWith('openai:')) return openai(config, dimension);
  if (id === LsaEmbedder.ID) return LsaEmbedder.load(dir);
  if (id === HashEmbedder.ID) return HashEmbedder.load(dir);
  throw new IndexUnavailableError(
    `the search index was built with an embedder this Kiki does not know ("${id}"); rebuild it with "kiki ingest --full"`,
  );
}

export function saveEmbedder(embedder: Embedder, dir: string): void {
  if (embedder instanceof LsaEmbedder || embedder instanceof HashEmbedder) embedder.save(dir);
  else fs.writeFileSync(path.join(dir, 'embedder.json'), JSON.stringify({ id: embedder.id, dimension: embedder.dimension }));
}
