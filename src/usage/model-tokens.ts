import type { Store } from '../store/db.js';
import { DAY_MS, type ReportWindow } from './window.js';

/** What the model cost on one day: tokens from the usage events' meta (counts only, never text). */
export interface ModelTokensDay {
  day: string;
  questions: number;
  promptTokens: number;
  completionTokens: number;
}

/** Tokens per day inside the window, from answers a model wrote (days without model answers are left out). */
export async function modelTokensPerDay(store: Store, window: ReportWindow): Promise<ModelTokensDay[]> {
  const rows = await store.db
    .selectFrom('usage_events')
    .select(['ts', 'meta'])
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to)
    .where('feature', '=', 'ask')
    .where('meta', 'like', '%promptTokens%')
    .execute();
  const byDay = new Map<string, ModelTokensDay>();
  for (const r of rows) {
    let meta: { promptTokens?: unknown; completionTokens?: unknown };
    try {
      meta = JSON.parse(String(r.meta)) as typeof meta;
    } catch {
      continue;
    }
    const prompt = Number(meta.promptTokens);
    if (!Number.isFinite(prompt)) continue;
    const day = new Date(Math.floor(Number(r.ts) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    const d = byDay.get(day) ?? { day, questions: 0, promptTokens: 0, completionTokens: 0 };
    d.questions++;
    d.promptTokens += prompt;
    d.completionTokens += Number(meta.completionTokens) || 0;
    byDay.set(day, d);
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}
