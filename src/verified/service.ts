import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { canSee, combineAccess } from '../retrieval/access.js';
import { currentVersionDir } from '../retrieval/index-files.js';
import type { Asker } from '../retrieval/types.js';
import type { Store } from '../store/db.js';
import { type Background, readBackground } from './background.js';
import { DEFAULT_MATCHER, type MatcherParams, ParaphraseMatcher } from './matcher.js';
import { VerifiedStore } from './store.js';
import { isDue, type VerifiedAnswer, type VerifiedChange, type VerifiedDraft } from './types.js';

export interface VerifiedMatch {
  answer: VerifiedAnswer;
  score: number;
  /** Past its review date: still served, marked "due for review". */
  due: boolean;
}

/** Another replica may have saved or retired an answer: the in-memory matcher is rebuilt at most this stale. */
const REFRESH_MS = 10_000;

/**
 * Verified answers: saving and changing them (every change versioned), and finding the one that answers a new
 * question with the same meaning, with the asker's access. The matcher lives in memory and is rebuilt when this
 * process changes an answer, when the search index is replaced, or after REFRESH_MS.
 */
export class VerifiedAnswers {
  readonly records: VerifiedStore;
  private matcher: ParaphraseMatcher | undefined;
  private byId = new Map<string, VerifiedAnswer>();
  private builtAt = 0;
  private builtFor: string | undefined;
  private building: Promise<void> | undefined;
  private background: Background | undefined;

  constructor(
    store: Store,
    private readonly config: Pick<
      Config,
      'KIKI_DATA_DIR' | 'OPENAI_API_KEY' | 'KIKI_EMBEDDING_MODEL' | 'OPENAI_BASE_URL' | 'KIKI_LLM_TIMEOUT_MS'
    >,
    private readonly logger: Logger,
    private readonly params: MatcherParams = DEFAULT_MATCHER,
  ) {
    this.records = new VerifiedStore(store);
  }

  /** The verified answer for this question, if one has the same meaning and the asker may see it. */
  async match(question: string, asker: Asker): Promise<VerifiedMatch | undefined> {
    const text = question.trim();
    if (!text) return undefined;
    await this.fresh();
    if (!this.matcher || this.matcher.size === 0) return undefined;
    const vector = await this.embed(text);
    const allowed = (id: string) => canSee(asker, this.byId.get(id)?.visibleTo);
    const best = this.matcher.match(text, allowed, vector);
    if (!best) return undefined;
    const answer = this.byId.get(best.id);
    if (!answer) return undefined;
    return { answer, score: best.score, due: isDue(answer) };
  }

  async save(draft: VerifiedDraft, by: string, change: 'created' | 'imported' = 'created'): Promise<VerifiedAnswer> {
    const saved = await this.records.create(draft, by, change);
    this.invalidate();
    return saved;
  }

  async saveMany(drafts: VerifiedDraft[], by: string): Promise<VerifiedAnswer[]> {
    const saved = await this.records.createMany(drafts, by, 'imported');
    this.invalidate();
    return saved;
  }

  async change(
    id: string,
    change: Exclude<VerifiedChange, 'created' | 'imported'>,
    by: string,
    patch: Parameters<VerifiedStore['update']>[3] = {},
  ): Promise<VerifiedAnswer | undefined> {
    const updated = await this.records.update(id, change, by, patch);
    this.invalidate();
    return updated;
  }

  /**
   * The access list of one document of the current index, by source path or url: null when everyone may read
   * it, undefined when the index does not know it (then it must be treated as unreadable).
   */
  async accessOf(source: string): Promise<string[] | null | undefined> {
    await this.fresh();
    return this.background?.accessOf(source);
  }

  /** The narrowest access of these documents (null: everyone), as the current index knows them. */
  async narrowestAccess(sources: string[]): Promise<string[] | undefined> {
    await this.fresh();
    const lists = sources.map((s) => this.background?.accessOf(s)).filter((l): l is string[] => Array.isArray(l));
    return combineAccess(...lists);
  }

  invalidate(): void {
    this.builtAt = 0;
  }

  private async fresh(): Promise<void> {
    const version = safeVersion(this.config.KIKI_DATA_DIR);
    if (this.matcher && Date.now() - this.builtAt < REFRESH_MS && version === this.builtFor) return;
    this.building ??= this.build(version).finally(() => {
      this.building = undefined;
    });
    await this.building;
  }

  private async build(version: string | undefined): Promise<void> {
    if (version !== this.background?.version) {
      try {
        // Vectors only from the offline model the weights were calibrated with; an OpenAI index is matched on words.
        this.background = version ? readBackground(this.config as Config, !this.config.OPENAI_API_KEY) : undefined;
      } catch (error) {
        this.logger.warn({ err: error }, 'verified answers: the search index could not be read; matching on words alone');
        this.background = undefined;
      }
    }
    const active = await this.records.list({ status: 'active' });
    const matcher = new ParaphraseMatcher(this.params, this.background?.idf);
    const byId = new Map<string, VerifiedAnswer>();
    for (const a of active) {
      byId.set(a.id, a);
      matcher.add(a.id, a.question, await this.embed(a.question));
    }
    this.matcher = matcher;
    this.byId = byId;
    this.builtAt = Date.now();
    this.builtFor = version;
  }

  private readonly vectors = new LRUCache<string, Float32Array>({ max: 20_000 });

  private async embed(text: string): Promise<Float32Array | undefined> {
    const background = this.background;
    const embedder = background?.embedder;
    if (!background || !embedder) return undefined;
    const key = `${background.version}\u0000${text}`;
    const cached = this.vectors.get(key);
    if (cached) return cached;
    try {
      const v = await embedder.embedQuery(text);
      this.vectors.set(key, v);
      return v;
    } catch (error) {
      this.logger.warn({ err: error }, 'verified answers: embedding failed; matching on words alone');
      return undefined;
    }
  }
}

function safeVersion(dataDir: string): string | undefined {
  try {
    return currentVersionDir(dataDir);
  } catch {
    return undefined;
  }
}
