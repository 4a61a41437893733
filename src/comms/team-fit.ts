// Builds the workspace's adjustment from the team's labels: each labelled article is scored offline again
// (the scorer may have changed since), and the threshold and neighbours are refitted (see team.ts).
import { z } from 'zod';
import { ErrorCode, KikiError } from '../errors.js';
import { analyzeOffline, prepareArticle } from './analyze.js';
import type { LabelledArticle } from './corrections.js';
import { fromPlainText } from './intake/index.js';
import { fitThreshold, TeamAdjustment, type TeamExample } from './team.js';

export function teamExamplesFrom(rows: LabelledArticle[]): TeamExample[] {
  return rows.map((r) => ({ text: r.text, label: r.label, language: r.language, title: r.title }));
}

const labelLine = z.object({
  text: z.string().min(1),
  label: z.enum(['positive', 'neutral', 'negative', 'mixed']),
  language: z.string(),
  title: z.string().optional(),
});

/** The team's labels from `kiki sentiment corrections --export` (JSON Lines); a bad line names its number. */
export function readTeamLabels(jsonl: string, file: string): TeamExample[] {
  return jsonl
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line)
    .map(({ line, n }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        throw new KikiError(ErrorCode.InvalidInput, `${file}, line ${n}: not JSON`, { cause: error });
      }
      const r = labelLine.safeParse(parsed);
      if (!r.success) throw new KikiError(ErrorCode.InvalidInput, `${file}, line ${n}: expected text, label and language`);
      return { text: r.data.text, label: r.data.label, language: r.data.language, ...(r.data.title ? { title: r.data.title } : {}) };
    });
}

export function buildTeamAdjustment(examples: TeamExample[]): TeamAdjustment {
  const scored = examples.map((e) => {
    const a = analyzeOffline(prepareArticle(fromPlainText(e.text, 'team label')), []);
    return { score: a.score, label: e.label, offlineLabel: a.label };
  });
  return new TeamAdjustment(examples, fitThreshold(scored));
}
