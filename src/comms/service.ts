import pLimit from 'p-limit';
import type { Config } from '../config.js';
import { ErrorCode, isKikiError, KikiError } from '../errors.js';
import { type ChatModel, createChatModel } from '../llm/chat.js';
import type { Logger } from '../logger.js';
import { analyzeOffline, prepareArticle } from './analyze.js';
import { coverageOf, readOutletAudience } from './coverage.js';
import { loadSource } from './intake/index.js';
import { buildReport, type SentimentReport } from './report.js';
import type { ReportContext } from './report-coverage.js';
import { scoreWithModel } from './scoring/model.js';
import type { TeamAdjustment, TeamExample } from './team.js';
import { buildTeamAdjustment } from './team-fit.js';
import type { ArticleResult, FailedArticle, SourceInput } from './types.js';

export const MAX_ARTICLES = 500;
const FETCH_CONCURRENCY = 4;
const MODEL_CONCURRENCY = 3;
/** Characters of each article kept with the report for the human check's labelled export. */
const MAX_KEPT_TEXT = 20_000;

export interface SentimentOptions {
  brandTerms: string[];
  competitors?: string[];
  keyMessages?: string[];
  /** CSV of outlets and monthly audiences (read when a report is built, so an edit needs no restart). */
  outletsFile?: string | undefined;
  allowPrivateUrls: boolean;
  /** When set, articles are scored by the model (offline stays the fallback). */
  chatModel?: ChatModel;
  logger: Logger;
  fetchTimeoutMs?: number;
  /** The team's labels (stored corrections or an exported file), read at each report: see team.ts. */
  teamLabels?: () => Promise<TeamExample[]>;
}

export interface RunOptions {
  /** Called after each article, read or failed. */
  onProgress?: (done: number, total: number) => void;
  /** Problems found before reading (a missing file, a folder with nothing in it). */
  failures?: FailedArticle[];
}

export function sentimentOptionsFromConfig(
  config: Config,
  logger: Logger,
  chatModel: ChatModel | undefined = createChatModel(config),
): SentimentOptions {
  return {
    brandTerms: config.KIKI_BRAND_TERMS,
    competitors: config.KIKI_COMPETITOR_TERMS,
    keyMessages: config.KIKI_KEY_MESSAGES,
    outletsFile: config.KIKI_OUTLETS,
    allowPrivateUrls: config.KIKI_ALLOW_PRIVATE_URLS,
    logger,
    ...(chatModel ? { chatModel } : {}),
  };
}

/** Press sentiment: read every source, score each article, aggregate the report. One failure never stops the rest. */
export class SentimentService {
  constructor(private readonly options: SentimentOptions) {}

  async run(inputs: SourceInput[], run: RunOptions = {}): Promise<SentimentReport> {
    if (inputs.length === 0 && !run.failures?.length)
      throw new KikiError(ErrorCode.InvalidInput, 'Nothing to read: give links, files or pasted article text.');
    if (inputs.length > MAX_ARTICLES) {
      throw new KikiError(
        ErrorCode.InvalidInput,
        `That is ${inputs.length} articles; one report reads at most ${MAX_ARTICLES}. Split them into several reports.`,
      );
    }
    const { brandTerms, logger } = this.options;
    const fetchLimit = pLimit(FETCH_CONCURRENCY);
    const modelLimit = pLimit(MODEL_CONCURRENCY);
    const team = await this.teamAdjustment();
    const failures: FailedArticle[] = [...(run.failures ?? [])];
    const results: (ArticleResult | undefined)[] = [];
    let done = 0;
    const total = inputs.length;
    run.onProgress?.(0, total);
    await Promise.all(
      inputs.map((input, i) =>
        fetchLimit(async () => {
          const source = describe(input);
          try {
            const raw = await loadSource(input, {
              allowPrivate: this.options.allowPrivateUrls,
              ...(this.options.fetchTimeoutMs ? { timeoutMs: this.options.fetchTimeoutMs } : {}),
            });
            const prepared = prepareArticle(raw);
            if (prepared.sentences.length === 0 && !raw.title) throw new KikiError(ErrorCode.InvalidInput, 'No article text found.');
            const scoredOffline = analyzeOffline(prepared, brandTerms, { competitors: this.options.competitors ?? [] });
            const offline = team ? team.apply(scoredOffline, `${prepared.raw.title}\n\n${prepared.sentences.join('\n')}`) : scoredOffline;
            const model = this.options.chatModel;
            const scored = model ? await modelLimit(() => scoreWithModel(model, prepared, brandTerms, offline, logger)) : offline;
            const coverage = coverageOf(prepared, {
              brandTerms,
              competitors: this.options.competitors ?? [],
              keyMessages: this.options.keyMessages ?? [],
            });
            results[i] = { ...scored, coverage, text: `${prepared.raw.title}\n\n${prepared.sentences.join('\n')}`.slice(0, MAX_KEPT_TEXT) };
          } catch (error) {
            if (!isKikiError(error)) logger.warn({ err: error, source }, 'article could not be read');
            failures.push({ source, error: isKikiError(error) ? error.userMessage : 'Could not read this article.' });
          } finally {
            done++;
            run.onProgress?.(done, total);
          }
        }),
      ),
    );
    return buildReport(
      results.filter((r): r is ArticleResult => r !== undefined),
      failures,
      brandTerms,
      new Date(),
      this.reportContext(),
    );
  }

  private async teamAdjustment(): Promise<TeamAdjustment | undefined> {
    if (!this.options.teamLabels) return undefined;
    try {
      const examples = await this.options.teamLabels();
      return examples.length ? buildTeamAdjustment(examples) : undefined;
    } catch (error) {
      this.options.logger.warn({ err: error }, "the team's sentiment labels could not be read; scoring without them");
      return undefined;
    }
  }

  /** Competitors, key messages and outlet audiences the report is built with (also when people correct it). */
  reportContext(): ReportContext {
    const { competitors = [], keyMessages = [], outletsFile } = this.options;
    return { competitors, keyMessages, ...(outletsFile ? { audience: readOutletAudience(outletsFile) } : {}) };
  }
}

export function describe(input: SourceInput): string {
  switch (input.kind) {
    case 'url':
      return input.url;
    case 'file':
      return input.path;
    case 'buffer':
      return input.filename;
    case 'text':
      return input.name ?? 'pasted text';
  }
}
export { readTeamLabels, teamExamplesFrom } from './team-fit.js';
