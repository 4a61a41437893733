import { AsyncLocalStorage } from 'node:async_hooks';
import type { Asker, DocumentSection, Passage, Retriever, SearchOptions } from '../retrieval/types.js';

/** The team whose channel the asker is looking at (app_context_changed), for the question being answered. */
export const preferredTeam = new AsyncLocalStorage<string>();

/** A passage of the preferred team moves ahead only when it is nearly as good as the best one: relevance first. */
const NEAR_BEST = 0.85;

/**
 * Search that prefers the documents of the team whose channel the person is viewing: among results whose score is
 * within 15% of the best, that team's documents come first (their order and scores unchanged). Outside such a
 * context, or when the team's documents are not close, the order is retrieval's.
 */
export class TeamPreferringRetriever implements Retriever {
  /** Present only when the inner retriever has it (the answer pipeline checks for it). */
  readonly sections?: (source: string, asker: Asker) => Promise<DocumentSection[]>;

  constructor(private readonly inner: Retriever) {
    if (inner.sections) this.sections = inner.sections.bind(inner);
  }

  async search(query: string, asker: Asker, options?: SearchOptions): Promise<Passage[]> {
    const found = await this.inner.search(query, asker, options);
    const team = preferredTeam.getStore();
    return team ? preferTeam(found, team) : found;
  }
}

export function preferTeam(passages: Passage[], team: string): Passage[] {
  const best = passages[0]?.score;
  if (best === undefined || best <= 0) return passages;
  const t = team.trim().toLowerCase();
  const near = (p: Passage) => p.score >= best * NEAR_BEST;
  const theirs = passages.filter((p) => near(p) && p.owner?.trim().toLowerCase() === t);
  if (theirs.length === 0) return passages;
  return [...theirs, ...passages.filter((p) => !theirs.includes(p))];
}
