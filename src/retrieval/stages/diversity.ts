/** Two passages sharing more than this share of their word 3-shingles are the same text: the lower one is dropped. */
export const NEAR_DUPLICATE = 0.8;

export interface DiversityOptions {
  /** Passages of one document before other documents get their turn. */
  maxPerSource: number;
  /** The chunks the asker may see (null: all of them). */
  mask: Uint8Array | null;
  /** A candidate's text and the document it belongs to. */
  chunkOf(id: number): { text: string; source: string };
}

export interface Picked {
  id: number;
  score: number;
}

/**
 * The first `k` of the ranked candidates, without near-duplicates, at most `maxPerSource` per document until
 * the other documents had their turn; the passages held back then fill what is left, best first.
 */
export function pickDiverse(ranked: readonly (readonly [number, number])[], k: number, options: DiversityOptions): Picked[] {
  const picked: (Picked & { shingles: Set<string> })[] = [];
  const held: (Picked & { shingles: Set<string> })[] = [];
  const perSource = new Map<string, number>();
  for (const [id, score] of ranked) {
    if (picked.length >= k) break;
    if (options.mask && !options.mask[id]) continue; // defence in depth: never return what the asker may not see
    const chunk = options.chunkOf(id);
    const shingles = shingleSet(chunk.text);
    if (picked.some((x) => jaccard(x.shingles, shingles) > NEAR_DUPLICATE)) continue;
    const n = perSource.get(chunk.source) ?? 0;
    if (n >= options.maxPerSource) {
      held.push({ id, score, shingles });
      continue;
    }
    perSource.set(chunk.source, n + 1);
    picked.push({ id, score, shingles });
  }
  for (const h of held) if (picked.length < k) picked.push(h);
  return picked.map(({ id, score }) => ({ id, score }));
}

/** Word 3-shingles: two passages sharing most of them are the same text (copied pages, overlaps). */
export function shingleSet(text: string): Set<string> {
  const w = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  if (out.size === 0) out.add(w.join(' '));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
}
