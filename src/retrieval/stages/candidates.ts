import type { RankingParams, SearchMode } from '../ranking.js';
import type { ExpandedQuery } from './expand.js';

/** The indexes candidates come from; SearchIndex holds them. */
export interface CandidateSources {
  /** BM25 over passages (chunks). */
  passages: {
    searchWeighted(query: Map<string, number>, limit: number, allowed?: Uint8Array): { id: number }[];
    score(queryTerms: string[], id: number): number;
  };
  /** BM25 over whole documents. */
  documents: { search(queryTerms: string[], limit: number, allowed?: Uint8Array): { id: number }[] };
  /** Nearest passages to a vector, among those the mask allows. */
  vectorSearch(query: Float32Array, limit: number, mask: Uint8Array | null): { id: number }[];
  /** The first chunk of each document, and after the last one the chunk count. */
  docFirst: ArrayLike<number>;
}

/** Three ranked lists, best first: passages by BM25, passages by vector, documents by BM25. */
export interface Candidates {
  lexical: number[];
  vector: number[];
  documents: number[];
}

/**
 * Each index ranks the query with the asker's mask applied while it ranks, so a restricted chunk never becomes a
 * candidate. Lexical mode has no vector list, vector mode no lexical one; only hybrid asks the document index.
 */
export function generateCandidates(
  q: ExpandedQuery,
  mode: SearchMode,
  p: RankingParams,
  mask: Uint8Array | null,
  sources: CandidateSources,
): Candidates {
  const documents =
    mode === 'hybrid' && q.qTerms.length > 0 && p.documentWeight > 0
      ? sources.documents.search(q.qTerms, p.candidates, documentMask(mask, sources.docFirst))
      : [];
  const lexical = mode === 'vector' ? [] : sources.passages.searchWeighted(q.lexical, p.candidates, mask ?? undefined);
  const vector = q.qVec && q.qTerms.length > 0 ? sources.vectorSearch(q.qVec, p.candidates, mask) : [];
  const ids = (hits: { id: number }[]) => hits.map((h) => h.id);
  return { lexical: ids(lexical), vector: ids(vector), documents: ids(documents) };
}

/** Documents the asker may see, derived from the chunk mask (every chunk of a document shares its access). */
export function documentMask(mask: Uint8Array | null, docFirst: ArrayLike<number>): Uint8Array | undefined {
  if (!mask) return undefined;
  const out = new Uint8Array(docFirst.length - 1);
  for (let d = 0; d < out.length; d++) out[d] = mask[docFirst[d]!]!;
  return out;
}

/** The passage of document `d` that matches the query best lexically (its first visible one when none does; -1 when none is). */
export function bestPassage(d: number, qTerms: string[], mask: Uint8Array | null, sources: CandidateSources): number {
  let best = -1;
  let bestScore = -1;
  for (let id = sources.docFirst[d]!; id < sources.docFirst[d + 1]!; id++) {
    if (mask && !mask[id]) continue;
    const s = sources.passages.score(qTerms, id);
    if (s > bestScore) {
      best = id;
      bestScore = s;
    }
  }
  return best;
}
