import crypto from 'node:crypto';
import type { Store } from '../store/db.js';
import type { SentimentCorrectionsTable } from '../store/schema.js';
import { applyHumanLabels, type HumanLabel, validationSample } from './human-check.js';
import { buildReport, type SentimentReport } from './report.js';
import type { ReportContext } from './report-coverage.js';
import type { ArticleResult, FailedArticle, SentimentLabel } from './types.js';

export interface StoredReport {
  id: string;
  userId: string;
  channel: string | null;
  messageTs: string | null;
  brandTerms: string[];
  articles: ArticleResult[];
  failures: FailedArticle[];
  createdAt: number;
}

/** One labelled article of `kiki sentiment corrections --export` (JSON Lines). */
export interface LabelledArticle {
  text: string;
  label: SentimentLabel;
  language: string;
  title: string;
  source: string;
  kiki_label: string;
  kiki_confidence: number;
  scorer: string;
  corrected: boolean;
  in_validation_sample: boolean;
  report_id: string;
  labelled_at: string;
}

/** Reports posted in Slack and the labels people gave their articles (SQLite or PostgreSQL). */
export class SentimentCorrections {
  constructor(private readonly store: Store) {}

  async saveReport(report: SentimentReport, meta: { userId: string; brandTerms: string[] }, at = Date.now()): Promise<string> {
    const id = crypto.randomUUID();
    await this.store.db
      .insertInto('sentiment_reports')
      .values({
        id,
        created_at: at,
        user_id: meta.userId,
        channel: null,
        message_ts: null,
        brand_terms: JSON.stringify(meta.brandTerms),
        payload: JSON.stringify({ articles: report.articles, failures: report.failures }),
      })
      .execute();
    return id;
  }

  async setMessage(id: string, channel: string, ts: string): Promise<void> {
    await this.store.db.updateTable('sentiment_reports').set({ channel, message_ts: ts }).where('id', '=', id).execute();
  }

  async getReport(id: string): Promise<StoredReport | undefined> {
    const row = await this.store.db.selectFrom('sentiment_reports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as { articles: ArticleResult[]; failures: FailedArticle[] };
    return {
      id: row.id,
      userId: row.user_id,
      channel: row.channel,
      messageTs: row.message_ts,
      brandTerms: JSON.parse(row.brand_terms) as string[],
      articles: payload.articles,
      failures: payload.failures,
      createdAt: Number(row.created_at),
    };
  }

  /** Records a person's label for one article (the latest per article counts). */
  async label(report: StoredReport, index: number, label: SentimentLabel, by: string, at = Date.now()): Promise<void> {
    const a = report.articles[index];
    if (!a) throw new RangeError(`article ${index} is not in report ${report.id}`);
    const sample = new Set(validationSample(report.articles));
    const row: SentimentCorrectionsTable = {
      report_id: report.id,
      article_index: index,
      source: a.source,
      title: a.title,
      language: a.language,
      text: a.text ?? a.title,
      scorer: a.scorer,
      scored_label: a.label,
      scored_confidence: a.confidence,
      label,
      in_sample: sample.has(index) ? 1 : 0,
      corrected_by: by,
      corrected_at: at,
    };
    await this.store.db
      .insertInto('sentiment_corrections')
      .values(row)
      .onConflict((oc) => oc.columns(['report_id', 'article_index']).doUpdateSet({ label, corrected_by: by, corrected_at: at }))
      .execute();
  }

  async labelsOf(reportId: string): Promise<HumanLabel[]> {
    const rows = await this.store.db
      .selectFrom('sentiment_corrections')
      .select(['article_index', 'label', 'corrected_by'])
      .where('report_id', '=', reportId)
      .execute();
    return rows.map((r) => ({ index: Number(r.article_index), label: r.label as SentimentLabel, by: r.corrected_by }));
  }

  /** The report as people have checked it: their labels applied, counts and headline recomputed. */
  async recompute(report: StoredReport, context: ReportContext = {}, now = new Date()): Promise<SentimentReport> {
    const labels = await this.labelsOf(report.id);
    return buildReport(applyHumanLabels(report.articles, labels), report.failures, report.brandTerms, now, context);
  }

  /** Every labelled article, oldest first, as labelled data. */
  async export(): Promise<LabelledArticle[]> {
    const rows = await this.store.db.selectFrom('sentiment_corrections').selectAll().orderBy('corrected_at').orderBy('report_id').execute();
    return rows.map((r) => ({
      text: r.text,
      label: r.label as SentimentLabel,
      language: r.language,
      title: r.title,
      source: r.source,
      kiki_label: r.scored_label,
      kiki_confidence: Number(r.scored_confidence),
      scorer: r.scorer,
      corrected: r.label !== r.scored_label,
      in_validation_sample: Number(r.in_sample) === 1,
      report_id: r.report_id,
      labelled_at: new Date(Number(r.corrected_at)).toISOString(),
    }));
  }
}
