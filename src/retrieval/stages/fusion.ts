import type { Candidates } from './candidates.js';

/** One ranked list fusion reads: its items best first, and how much its votes weigh. */
export interface RankedList<K> {
  ids: readonly K[];
  weight: number;
}

/**
 * Reciprocal rank fusion (Cormack et al. 2009): the item at rank r (0-based) of a list gets
 * weight / (rrfK + r + 1), summed over the lists in their order. The map keeps the order items were first met.
 */
export function reciprocalRankFusion<K>(lists: readonly RankedList<K>[], rrfK: number): Map<K, number> {
  const fused = new Map<K, number>();
  for (const { ids, weight } of lists) {
    for (const [rank, id] of ids.entries()) fused.set(id, (fused.get(id) ?? 0) + weight / (rrfK + rank + 1));
  }
  return fused;
}

/**
 * Fused items, highest score first. Equal scores keep the order the items were first met, unless `tieBreak`
 * orders them (search breaks ties by chunk number, so the result never depends on which list came first).
 */
export function byScore<K>(fused: Map<K, number>, tieBreak?: (a: K, b: K) => number): [K, number][] {
  return [...fused.entries()].sort((a, b) => b[1] - a[1] || (tieBreak ? tieBreak(a[0], b[0]) : 0));
}

/**
 * A document that ranks well as a whole lifts its passages by its vote; a voted document none of whose passages
 * is a candidate yet enters with its best passage (`bestPassage` returns -1 when it has none the asker may see).
 */
export function liftByDocument(
  fused: Map<number, number>,
  documentVotes: ReadonlyMap<number, number>,
  docOf: (id: number) => number,
  bestPassage: (doc: number) => number,
): Map<number, number> {
  if (documentVotes.size === 0) return fused;
  const seen = new Set<number>();
  for (const id of fused.keys()) seen.add(docOf(id));
  for (const d of documentVotes.keys()) {
    if (seen.has(d)) continue;
    const best = bestPassage(d);
    if (best >= 0) fused.set(best, 0);
  }
  for (const [id, score] of fused) fused.set(id, score + (documentVotes.get(docOf(id)) ?? 0));
  return fused;
}

export interface FusionWeights {
  lexical: number;
  vector: number;
  document: number;
}

/** Search's fusion: each passage by its ranks in both lists, lifted by its document's rank; ties by chunk number. */
export function fuseCandidates(
  c: Candidates,
  weights: FusionWeights,
  rrfK: number,
  docOf: (id: number) => number,
  bestPassage: (doc: number) => number,
): [number, number][] {
  const documentVotes = reciprocalRankFusion([{ ids: c.documents, weight: weights.document }], rrfK);
  const fused = reciprocalRankFusion(
    [
      { ids: c.lexical, weight: weights.lexical },
      { ids: c.vector, weight: weights.vector },
    ],
    rrfK,
  );
  return byScore(liftByDocument(fused, documentVotes, docOf, bestPassage), (a, b) => a - b);
}
