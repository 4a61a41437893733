import { parse } from 'csv-parse/sync';
import { csvText, toCsv } from '../csv.js';
import { DEFAULT_REVIEW_DAYS, REVIEW_DAYS, type VerifiedAnswer, type VerifiedDraft } from './types.js';

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportResult {
  drafts: VerifiedDraft[];
  problems: ImportProblem[];
}

const MAX_QUESTION = 500;
const MAX_ANSWER = 2900;

/**
 * An existing FAQ as CSV (header: question, answer, team, visible_to[, review_days]) or JSON (an array of
 * objects with those keys). visible_to: empty or "everyone", or departments separated by ";" (CSV) or a list
 * (JSON). Every problem is reported with its line; the caller saves nothing unless there are none.
 */
export function parseFaq(text: string, teams: string[] | undefined, format?: 'csv' | 'json'): ImportResult {
  const kind = format ?? (/^\s*[[{]/.test(text) ? 'json' : 'csv');
  const rows = kind === 'json' ? jsonRows(text) : csvRows(text);
  if ('problem' in rows) return { drafts: [], problems: [rows.problem] };
  const drafts: VerifiedDraft[] = [];
  const problems: ImportProblem[] = [];
  const known = teams?.length ? new Map(teams.map((t) => [t.toLowerCase(), t])) : undefined;
  for (const { line, row } of rows.rows) {
    const bad = (message: string) => problems.push({ line, message });
    const str = (k: string) =>
      typeof row[k] === 'string' ? (row[k] as string).trim() : row[k] === undefined || row[k] === null ? '' : undefined;
    const question = str('question');
    const answer = str('answer');
    const teamIn = str('team');
    if (question === undefined || answer === undefined || teamIn === undefined) {
      bad('question, answer and team must be text');
      continue;
    }
    if (!question) bad('question is empty');
    else if (question.length > MAX_QUESTION) bad(`question is longer than ${MAX_QUESTION} characters`);
    if (!answer) bad('answer is empty');
    else if (answer.length > MAX_ANSWER) bad(`answer is longer than ${MAX_ANSWER} characters`);
    let team = teamIn;
    if (!team) bad('team is empty');
    else if (known) {
      const found = known.get(team.toLowerCase());
      if (!found) bad(`team "${team}" is not in the routing table (known: ${[...known.values()].join(', ')})`);
      else team = found;
    }
    const visible = row.visible_to;
    let visibleTo: string[] | undefined;
    if (Array.isArray(visible))
      visibleTo = visible
        .map(String)
        .map((d) => d.trim())
        .filter(Boolean);
    else if (typeof visible === 'string')
      visibleTo = visible
        .split(/[;|]/)
        .map((d) => d.trim())
        .filter(Boolean);
    else if (visible !== undefined && visible !== null) bad('visible_to must be departments or "everyone"');
    if (visibleTo?.some((d) => d.toLowerCase() === 'everyone')) visibleTo = undefined;
    const reviewRaw = row.review_days;
    const reviewDays = reviewRaw === undefined || reviewRaw === '' || reviewRaw === null ? DEFAULT_REVIEW_DAYS : Number(reviewRaw);
    if (!(REVIEW_DAYS as readonly number[]).includes(reviewDays)) bad(`review_days must be ${REVIEW_DAYS.join(', ')}`);
    drafts.push({ question, answer, team, ...(visibleTo?.length ? { visibleTo } : {}), reviewDays });
  }
  if (rows.rows.length === 0) problems.push({ line: 1, message: 'no answers in the file' });
  return { drafts: problems.length ? [] : drafts, problems };
}

type Rows = { rows: { line: number; row: Record<string, unknown> }[] } | { problem: ImportProblem };

function csvRows(text: string): Rows {
  try {
    const records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    const header = (text.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
    for (const col of ['question', 'answer', 'team']) {
      if (
        !header
          .split(',')
          .map((c) => c.trim().replace(/^"|"$/g, ''))
          .includes(col)
      ) {
        return {
          problem: {
            line: 1,
            message: `the header needs the columns question, answer, team (and optionally visible_to, review_days); "${col}" is missing`,
          },
        };
      }
    }
    // Cells Kiki's own export defused (a leading ' before = + - @) read back as they were written.
    const row = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, csvText(v)]));
    return { rows: records.map((r) => ({ line: r.info.lines, row: row(r.record) })) };
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { problem: { line: e.lines ?? 1, message: `not valid CSV: ${e.message.split('\n')[0]}` } };
  }
}

function jsonRows(text: string): Rows {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : 1;
    return { problem: { line, message: 'not valid JSON' } };
  }
  if (!Array.isArray(data)) return { problem: { line: 1, message: 'expected a JSON array of {"question","answer","team","visible_to"}' } };
  const lines = objectLines(text);
  return {
    rows: data.map((row, i) => ({
      line: lines[i] ?? 1,
      row: typeof row === 'object' && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>) : { question: 1 },
    })),
  };
}

/** The line on which each element of the top-level array starts. */
function objectLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === '[' || c === '{') {
      if (depth === 1 && expecting) out.push(line);
      depth++;
      if (depth === 1) expecting = true;
      if (depth === 2) expecting = false;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expecting = true;
    if (depth === 1 && expecting && c !== '[' && c !== ',' && !/\s/.test(c) && c !== '{') {
      out.push(line);
      expecting = false;
    }
  }
  return out;
}

/** The export: the same columns the import reads, so an export can be imported elsewhere. */
export function exportRows(answers: VerifiedAnswer[]) {
  return answers.map((a) => ({
    question: a.question,
    answer: a.answer,
    team: a.team,
    visible_to: a.visibleTo ?? [],
    review_days: a.reviewDays,
  }));
}

export function exportCsv(answers: VerifiedAnswer[]): string {
  const rows = exportRows(answers).map((r) => [r.question, r.answer, r.team, r.visible_to.join(';') || 'everyone', r.review_days]);
  return toCsv([['question', 'answer', 'team', 'visible_to', 'review_days'], ...rows]);
}
