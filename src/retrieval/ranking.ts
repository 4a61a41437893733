export type SearchMode = 'hybrid' | 'lexical' | 'vector';

/** How the ranked lists are fused; the defaults are what measured best on the development question set. */
export interface RankingParams {
  /** Reciprocal rank fusion constant (Cormack et al. 2009). */
  rrfK: number;
  /** Candidates each list contributes. */
  candidates: number;
  lexicalWeight: number;
  vectorWeight: number;
  /** Weight of the document list ranked by BM25 over whole documents (0: off). */
  documentWeight: number;
  /** Passages of one document before other documents get their turn. */
  maxPerSource: number;
  /** WordNet synonyms of the asker's words join the lexical query with this weight (0: off). */
  thesaurusWeight: number;
  thesaurusSenses: number;
  thesaurusDerived: boolean;
  thesaurusHypernyms: boolean;
  /** Synonyms also shift the query vector, with this weight relative to the asker's words (0: off). */
  thesaurusVector: number;
  /** At most this many synonym terms, the strongest and rarest first. */
  thesaurusMaxTerms: number;
  /** Synonym terms found in more than this share of the passages are dropped. */
  thesaurusMaxShare: number;
  /** Keep only synonyms whose corpus (LSA) vector is at least this close to the query's (-1: keep all). */
  thesaurusMinCosine: number;
  /** Weight of the handbook words added for the asker's everyday words (SearchOptions.expansion). */
  expansionWeight: number;
}

export const DEFAULT_RANKING: RankingParams = {
  rrfK: 60,
  candidates: 50,
  lexicalWeight: 1,
  vectorWeight: 1,
  documentWeight: 1,
  maxPerSource: 1,
  thesaurusWeight: 0.5,
  thesaurusSenses: 3,
  thesaurusDerived: true,
  thesaurusHypernyms: false,
  thesaurusVector: 0.3,
  thesaurusMaxTerms: 40,
  thesaurusMaxShare: 0.2,
  thesaurusMinCosine: -1,
  expansionWeight: 0.7,
};

export function countOnes(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}
