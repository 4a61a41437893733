import { LRUCache } from 'lru-cache';
import type { ChunkStore } from '../chunk-store.js';
import { indexText } from '../chunker.js';
import { dot } from '../embedders/types.js';
import type { Bm25Index } from '../lexical.js';
import { coverage, terms } from '../tokenize.js';
import type { DocumentSection, Passage } from '../types.js';
import type { VectorFile } from '../vectors.js';

/** The query as the search saw it: its own terms, its vector, the synonyms and added words it was expanded with. */
export interface QueryTerms {
  qTerms: string[];
  qVec: Float32Array | undefined;
  synonymsOf?: Map<string, Set<string>>;
  expansion?: string[];
}

/** What passages read of the index: chunks and their documents, vectors, and term statistics. */
export type PassageStore = Pick<ChunkStore, 'chunk' | 'docOf' | 'docFirst' | 'documentChunks'>;
export type PassageTermStats = Pick<Bm25Index, 'score' | 'df' | 'idfOf' | 'size'>;

/**
 * Builds the passages a search returns: the chunk, its whole section (for quoting a procedure), and the raw
 * evidence signals retrieval reports (Passage.signals), which the relevance and answerability models read.
 */
export class PassageFactory {
  private readonly docTermCache = new LRUCache<number, Set<string>>({ max: 2000 });

  constructor(
    private readonly store: PassageStore,
    private readonly vectors: Pick<VectorFile, 'vector'>,
    private readonly bm25: PassageTermStats,
  ) {}

  /** The passage for chunk `id`, with its section and the signals the answer pipeline judges it by. */
  build(id: number, score: number, q: QueryTerms): Passage {
    const { qTerms, qVec, synonymsOf = new Map(), expansion = [] } = q;
    const c = this.store.chunk(id);
    const ownTerms = new Set(terms(indexText(c)));
    const heading = new Set(terms(`${c.title} ${c.headingPath.join(' ')}`));
    const docTerms = this.documentTerms(this.store.docOf(id));
    const bm25 = this.bm25.score(qTerms, id);
    return {
      id: c.id,
      source: c.source,
      title: c.title,
      heading: c.headingPath.join(' › '),
      headingPath: c.headingPath,
      ...(c.url ? { url: c.url } : {}),
      ...(c.owner ? { owner: c.owner } : {}),
      ...(c.updated ? { updated: c.updated } : {}),
      ...(c.page !== undefined ? { page: c.page } : {}),
      ...(c.lines ? { lines: c.lines } : {}),
      ...(c.access ? { access: c.access } : {}),
      text: c.text,
      section: this.sectionText(id),
      score,
      signals: {
        ...(qVec ? { cosine: Math.max(-1, Math.min(1, dot(qVec, this.vectors.vector(id)))) } : {}),
        bm25,
        coverage: coverage(qTerms, ownTerms),
        expandedCoverage: coverage(qTerms, ownTerms, synonymsOf),
        idfCoverage: this.weightedCoverage(qTerms, ownTerms),
        expandedIdfCoverage: this.weightedCoverage(qTerms, ownTerms, synonymsOf),
        titleCoverage: coverage(qTerms, heading),
        documentCoverage: this.weightedCoverage(qTerms, docTerms),
        unknownShare: qTerms.length ? new Set(qTerms.filter((t) => this.bm25.df(t) === 0)).size / new Set(qTerms).size : 0,
        bm25Share: bm25 / (this.idfMass(qTerms) || 1),
        expansionCoverage: expansion.length ? coverage(expansion, ownTerms) : 0,
        missingRarest: this.missingRarest(qTerms, ownTerms),
      },
    };
  }

  /** The IDF of the rarest query term the passage lacks, over the highest IDF possible (0: it lacks none). */
  private missingRarest(qTerms: string[], have: Set<string>): number {
    let worst = 0;
    for (const t of new Set(qTerms)) if (!have.has(t)) worst = Math.max(worst, this.weightOf(t));
    return worst / Math.log(1 + this.bm25.size);
  }

  /** IDF of a query term; a word the corpus never uses weighs as much as the rarest one it does. */
  private weightOf(t: string): number {
    return this.bm25.df(t) > 0 ? this.bm25.idfOf(t) : Math.log(1 + this.bm25.size);
  }

  private idfMass(qTerms: string[]): number {
    let total = 0;
    for (const t of new Set(qTerms)) total += this.weightOf(t);
    return total;
  }

  /** Share of the query's IDF mass the terms hold; a term met only through a synonym counts 0.7. */
  private weightedCoverage(qTerms: string[], have: Set<string>, synonymsOf?: ReadonlyMap<string, ReadonlySet<string>>): number {
    let total = 0;
    let hit = 0;
    for (const t of new Set(qTerms)) {
      const w = this.weightOf(t);
      total += w;
      if (have.has(t)) hit += w;
      else if (synonymsOf && [...(synonymsOf.get(t) ?? [])].some((x) => have.has(x))) hit += 0.7 * w;
    }
    return total ? hit / total : 0;
  }

  /**
   * The whole section the chunk belongs to (the chunks of its document under the same headings), without the
   * overlap the chunker repeats at the start of each chunk: a procedure split over two chunks is quoted whole.
   */
  private sectionText(id: number, maxChars = 6000): string {
    const c = this.store.chunk(id);
    const doc = this.store.docOf(id);
    const same = (j: number) =>
      j >= this.store.docFirst[doc]! &&
      j < this.store.docFirst[doc + 1]! &&
      this.store.chunk(j).headingPath.join('\u0000') === c.headingPath.join('\u0000');
    let first = id;
    while (same(first - 1) && id - first < 6) first--;
    let last = id;
    while (same(last + 1) && last - id < 6) last++;
    return this.joined(first, last, maxChars);
  }

  /** Chunks first..last of one section as one text, the overlap each chunk repeats from the one before removed. */
  private joined(first: number, last: number, maxChars: number): string {
    let text = this.store.chunk(first).text;
    for (let j = first + 1; j <= last; j++) {
      const next = this.store.chunk(j).text;
      const cut = next.indexOf('\n\n');
      const head = cut > 0 ? next.slice(0, cut).trim() : '';
      text += `\n\n${head && text.trimEnd().endsWith(head) ? next.slice(cut + 2) : next}`;
      if (text.length > maxChars) break;
    }
    return text;
  }

  /** Every section of document `doc` in reading order (at most `limit`), each its chunks joined. */
  documentSections(doc: number, limit = 60): DocumentSection[] {
    const first = this.store.docFirst[doc] ?? 0;
    const count = (this.store.docFirst[doc + 1] ?? first) - first;
    const out: DocumentSection[] = [];
    let start = 0;
    for (let i = 1; i <= count && out.length < limit; i++) {
      const a = this.store.chunk(first + start);
      const b = i < count ? this.store.chunk(first + i) : undefined;
      if (b && b.headingPath.join('\u0000') === a.headingPath.join('\u0000') && i - start < 8) continue;
      out.push({ headingPath: a.headingPath, text: this.joined(first + start, first + i - 1, 6000) });
      start = i;
    }
    return out;
  }

  /** Every term of a document (all its chunks), built on first use. */
  private documentTerms(doc: number): Set<string> {
    let set = this.docTermCache.get(doc);
    if (!set) {
      set = new Set(this.store.documentChunks(doc).flatMap((c) => terms(indexText(c))));
      this.docTermCache.set(doc, set);
    }
    return set;
  }
}
