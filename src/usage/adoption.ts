import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import type { Directory } from '../directory.js';
import type { Store } from '../store/db.js';
import { buildGapsReport, type GapsReport } from './gaps.js';
import { modelTokensPerDay } from './model-tokens.js';
import { type AdoptionReport, buildAdoptionReport } from './report.js';
import { parseSince, type ReportWindow } from './window.js';

/** The adoption report with this deployment's directory, group size and minutes saved. */
export class AdoptionReports {
  /** Per number of days; an entry older than the caller's maxAgeMs is built again. */
  private readonly cache = new LRUCache<number, { at: number; report: AdoptionReport }>({ max: 16 });
  private readonly gapsCache = new LRUCache<number, { at: number; report: GapsReport }>({ max: 16 });

  constructor(
    private readonly store: Store,
    private readonly directory: Directory,
    private readonly config: Pick<Config, 'KIKI_MIN_GROUP_SIZE' | 'KIKI_MINUTES_SAVED' | 'KIKI_STORE_QUESTIONS'>,
  ) {}

  async report(window: ReportWindow): Promise<AdoptionReport> {
    const [report, modelTokens] = await Promise.all([
      buildAdoptionReport(this.store, {
        window,
        headcount: this.directory.headcount(),
        minGroupSize: this.config.KIKI_MIN_GROUP_SIZE,
        minutesSaved: this.config.KIKI_MINUTES_SAVED,
      }),
      modelTokensPerDay(this.store, window),
    ]);
    return { ...report, modelTokens };
  }

  /**
   * The last `days` days, reused for up to `maxAgeMs`: the admin App Home asks on every visit, and a
   * 30-day report over a million events costs the store a good half second.
   */
  async recent(days: number, maxAgeMs = 60_000, now = Date.now()): Promise<AdoptionReport> {
    const hit = this.cache.get(days);
    if (hit && now - hit.at < maxAgeMs) return hit.report;
    const report = await this.report(parseSince(`${days}d`, now));
    this.cache.set(days, { at: now, report });
    return report;
  }

  /** Knowledge gaps per owning team (issue 14), with the same group size. */
  gaps(window: ReportWindow): Promise<GapsReport> {
    return buildGapsReport(this.store, {
      window,
      minGroupSize: this.config.KIKI_MIN_GROUP_SIZE,
      storeQuestions: this.config.KIKI_STORE_QUESTIONS,
    });
  }

  /** The gaps of the last `days` days, reused like recent(). */
  async recentGaps(days: number, maxAgeMs = 60_000, now = Date.now()): Promise<GapsReport> {
    const hit = this.gapsCache.get(days);
    if (hit && now - hit.at < maxAgeMs) return hit.report;
    const report = await this.gaps(parseSince(`${days}d`, now));
    this.gapsCache.set(days, { at: now, report });
    return report;
  }

  /** "ask=5 min, contract=50 min, …": the assumption behind hours saved, shown next to the figure. */
  minutesSavedText(): string {
    return Object.entries(this.config.KIKI_MINUTES_SAVED)
      .map(([f, m]) => `${f}=${m} min`)
      .join(', ');
  }
}
