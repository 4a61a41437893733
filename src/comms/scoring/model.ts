import { z } from 'zod';
import type { ChatModel } from '../../llm/chat.js';
import type { Logger } from '../../logger.js';
import { metadata, type PreparedArticle } from '../analyze.js';
import type { ArticleResult } from '../types.js';

const MAX_SENTENCES = 120;
const MODEL_REVIEW_LEVEL = 0.8;

function opposite(a: string, b: string): boolean {
  return (a === 'positive' && b === 'negative') || (a === 'negative' && b === 'positive');
}

/** What the model must answer; anything else is "malformed" and retried once. */
export const modelVerdictSchema = z.object({
  label: z.enum(['positive', 'neutral', 'negative', 'mixed']),
  score: z.number().min(-1).max(1),
  confidence: z.number().min(0).max(1),
  positive_quotes: z.array(z.number().int()).max(3),
  negative_quotes: z.array(z.number().int()).max(3),
  themes: z.array(z.string().min(1).max(80)).max(6),
  brand: z.object({ label: z.enum(['positive', 'neutral', 'negative', 'mixed']), score: z.number().min(-1).max(1) }).nullable(),
  /** One line shown in the report next to the article: why this label. */
  rationale: z
    .string()
    .trim()
    .min(3)
    .max(240)
    .refine((s) => !/[\r\n]/.test(s), { message: 'must be one line' }),
});
export type ModelVerdict = z.infer<typeof modelVerdictSchema>;

const SYSTEM = `You rate press coverage of a company for its communications team.
Read the numbered sentences of one article and answer ONLY with a JSON object:
{"label": "positive"|"neutral"|"negative"|"mixed", "score": number from -1 (very negative) to 1 (very positive),
 "confidence": number from 0 to 1, "positive_quotes": [up to 3 sentence numbers], "negative_quotes": [up to 3 sentence numbers],
 "themes": [up to 5 short key phrases in the article's language], "brand": {"label": ..., "score": ...} or null,
 "rationale": "one line (at most 240 characters) saying why, as a media analyst would"}
"mixed" means clearly positive and clearly negative parts of similar weight. Ignore page clutter (cookie notices,
newsletter prompts, related links). Judge the outlet's own voice and framing (headline, lede, words such as
"backlash", "under fire", "U-turn"); quotes from the company or others are their speakers' views, not the outlet's.
"brand" is how the article treats these brand terms: BRAND (null if none are named); coverage can be negative
about a sector and neutral about the company.`;

export function buildPrompt(article: PreparedArticle, brandTerms: string[]): { system: string; user: string } {
  const lines = article.sentences.slice(0, MAX_SENTENCES).map((s, i) => `[${i + 1}] ${s}`);
  return {
    system: SYSTEM.replace('BRAND', brandTerms.length ? brandTerms.join(', ') : '(none configured)'),
    user: `Title: ${article.raw.title}\nOutlet: ${article.raw.outlet ?? 'unknown'}\nLanguage: ${article.language}\n\n${lines.join('\n')}`,
  };
}

export function parseVerdict(content: string): ModelVerdict {
  const json = content.replace(/^\s*```(?:json)?\s*/i, '').replace(/\s*```\s*$/, '');
  return modelVerdictSchema.parse(JSON.parse(json));
}

/**
 * Scores one article with a chat model. Malformed output is retried once; a second failure, a timeout or an
 * error gives the offline result with a note saying so.
 */
export async function scoreWithModel(
  model: ChatModel,
  article: PreparedArticle,
  brandTerms: string[],
  offline: ArticleResult,
  logger: Logger,
): Promise<ArticleResult> {
  const { system, user } = buildPrompt(article, brandTerms);
  let lastProblem = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    let content: string;
    try {
      content = await model.complete([
        { role: 'system', content: system },
        {
          role: 'user',
          content:
            attempt === 1
              ? user
              : `${user}\n\nYour previous answer was not valid JSON of the required shape (${lastProblem}). Answer with the JSON object only.`,
        },
      ]);
    } catch (error) {
      logger.warn({ err: error, source: article.raw.source }, 'sentiment model call failed; using the offline score');
      return { ...offline, note: 'The model did not answer in time; offline score used.' };
    }
    try {
      return fromVerdict(parseVerdict(content), article, offline);
    } catch (error) {
      lastProblem =
        error instanceof z.ZodError
          ? error.issues
              .map((i) => `${i.path.join('.')}: ${i.message}`)
              .join('; ')
              .slice(0, 300)
          : 'not JSON';
      logger.warn({ attempt, problem: lastProblem, source: article.raw.source }, 'sentiment model gave malformed output');
    }
  }
  return { ...offline, note: 'The model gave malformed answers twice; offline score used.' };
}

function disagreement(label: string, offline: ArticleResult): string {
  const why = offline.deciding?.[0]?.text;
  return `The model reads ${label}; the offline reading is ${offline.label}${why ? ` ("${why.length > 140 ? `${why.slice(0, 139)}…` : why}")` : ''}.`;
}

function fromVerdict(v: ModelVerdict, article: PreparedArticle, offline: ArticleResult): ArticleResult {
  const pick = (ids: number[]) => ids.map((i) => article.sentences[i - 1]).filter((s): s is string => Boolean(s));
  const positive = pick(v.positive_quotes);
  const negative = pick(v.negative_quotes);
  return {
    ...metadata(article),
    label: v.label,
    score: Math.round(v.score * 1000) / 1000,
    confidence: Math.round(v.confidence * 1000) / 1000,
    // A model's own confidence is not calibrated: a person checks it when it is low or when the offline
    // scorer reads the opposite polarity.
    needsReview: v.confidence < MODEL_REVIEW_LEVEL || opposite(v.label, offline.label),
    quotes: {
      positive: positive.length ? positive : offline.quotes.positive,
      negative: negative.length ? negative : offline.quotes.negative,
    },
    themes: v.themes.length ? v.themes.map((t) => t.toLowerCase()) : offline.themes,
    brand: offline.brand && v.brand ? { ...offline.brand, label: v.brand.label, score: v.brand.score } : offline.brand,
    rationale: v.rationale,
    // Both readings are kept: when they differ the report says so, with the sentence that decided offline.
    ...(v.label !== offline.label ? { note: disagreement(v.label, offline) } : {}),
    speech: offline.speech,
    spokespeople: offline.spokespeople,
    scorer: 'model',
  };
}
