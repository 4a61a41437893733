import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { ErrorCode, KikiError } from '../../errors.js';
import type { Services } from '../../services.js';
import { exportCsv, exportRows, parseFaq } from '../../verified/faq-import.js';
import { DEFAULT_REVIEW_DAYS, isDue, REVIEW_DAYS, type VerifiedAnswer } from '../../verified/types.js';
import { withServices } from '../context.js';

const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};
const json = (v: unknown): void => out(JSON.stringify(v, null, 2));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The `--json` shape of one verified answer. */
export function answerRecord(a: VerifiedAnswer, now = Date.now()) {
  return {
    id: a.id,
    question: a.question,
    answer: a.answer,
    team: a.team,
    visible_to: a.visibleTo ?? [],
    review_days: a.reviewDays,
    status: a.status,
    version: a.version,
    verified_by: a.verifiedBy,
    verified_at: new Date(a.verifiedAt).toISOString(),
    review_due_at: new Date(a.reviewDueAt).toISOString(),
    due_for_review: isDue(a, now),
    sources: a.sources.map((c) => ({ n: c.n, source: c.source, title: c.title, heading: c.heading, url: c.url ?? null })),
    handoff_id: a.handoffId ?? null,
  };
}

/** An id or a unique prefix of one (as `list` prints them). */
async function find(services: Services, id: string): Promise<VerifiedAnswer> {
  const all = await services.verified.records.list();
  const hits = all.filter((a) => a.id === id || (id.length >= 6 && a.id.startsWith(id)));
  const [only] = hits;
  if (hits.length === 1 && only) return only;
  throw new KikiError(
    ErrorCode.NotFound,
    hits.length ? `"${id}" matches several answers; give more of the id` : `No verified answer "${id}" (see kiki answers list)`,
  );
}

const by = (opts: { by?: string }) => {
  if (opts.by !== undefined && !/^[UW][A-Z0-9]{2,}$/.test(opts.by))
    throw new KikiError(ErrorCode.InvalidInput, `--by expects a Slack user id such as U012ABCDEF`);
  return opts.by ?? 'cli';
};

function teamsOf(services: Services): string[] | undefined {
  const teams = services.routing.routes.map((r) => r.team);
  return teams.length ? teams : undefined;
}

/** Why `list` printed nothing: no answers at all, or filters that leave none of them. */
async function nothingListed(s: Services, opts: { team?: string; due?: boolean; all?: boolean }): Promise<string> {
  const total = (await s.verified.records.list(opts.all ? {} : { status: 'active' })).length;
  if (total === 0) return 'No verified answers yet. Save one from a hand-off thread in Slack, or: kiki answers add --help';
  const what = opts.due ? 'is due for review' : 'matches';
  const team = opts.team ? ` for ${opts.team}` : '';
  return `None of the ${total} verified answer${total === 1 ? '' : 's'} ${what}${team}.`;
}

/** `answers list`: verified answers, oldest first, or why there are none. */
function registerList(answers: Command): void {
  answers
    .command('list')
    .description('verified answers, oldest first')
    .option('--team <team>', 'only this team')
    .option('--due', 'only those due for review')
    .option('--all', 'include retired answers')
    .option('--json', 'print a JSON array')
    .action(async (opts: { team?: string; due?: boolean; all?: boolean; json?: boolean }) =>
      withServices(async (s) => {
        let list = await s.verified.records.list({
          ...(opts.all ? {} : { status: 'active' as const }),
          ...(opts.team ? { teams: [opts.team] } : {}),
        });
        if (opts.due) list = list.filter((a) => isDue(a));
        if (opts.json) return json(list.map((a) => answerRecord(a)));
        if (list.length === 0) return out(await nothingListed(s, opts));
        for (const a of list) {
          const flags = [a.status === 'retired' ? 'retired' : '', isDue(a) ? 'due for review' : ''].filter(Boolean).join(', ');
          out(`${a.id.slice(0, 8)}  ${a.team.padEnd(10)} ${day(a.verifiedAt)}${flags ? `  [${flags}]` : ''}  ${a.question}`);
        }
      }),
    );
}

/** `answers show`: one verified answer with its version history. */
function registerShow(answers: Command): void {
  answers
    .command('show')
    .description('one verified answer with every version (who, when, what)')
    .argument('<id>', 'id or its first characters')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withServices(async (s) => {
        const a = await find(s, id);
        const versions = await s.verified.records.versions(a.id);
        if (opts.json)
          return json({
            ...answerRecord(a),
            versions: versions.map((v) => ({
              version: v.version,
              change: v.change,
              changed_by: v.changedBy,
              changed_at: new Date(v.changedAt).toISOString(),
              question: v.question,
              answer: v.answer,
              visible_to: v.visibleTo ?? [],
              review_days: v.reviewDays,
              status: v.status,
            })),
          });
        out(`${a.question}\n\n${a.answer}\n`);
        out(
          `team ${a.team} · visible to ${a.visibleTo?.join(', ') ?? 'everyone'} · verified by ${a.verifiedBy} on ${day(a.verifiedAt)} · review by ${day(a.reviewDueAt)}${isDue(a) ? ' (due)' : ''} · ${a.status}`,
        );
        out('\nVersions:');
        for (const v of versions) out(`  v${v.version} ${v.change} by ${v.changedBy} on ${new Date(v.changedAt).toISOString()}`);
      }),
    );
}

/** `answers add`: validate one answer as an import row, then save it. */
function registerAdd(answers: Command): void {
  answers
    .command('add')
    .description('add a verified answer')
    .requiredOption('--question <text>', 'the question, as people ask it')
    .requiredOption('--answer <text>', 'the answer Kiki gives')
    .requiredOption('--team <team>', 'the owning team (as in the routing table)')
    .option('--visible-to <departments>', 'comma-separated departments (default: everyone)')
    .addOption(new Option('--review <days>', 'review every N days').choices(REVIEW_DAYS.map(String)).default(String(DEFAULT_REVIEW_DAYS)))
    .option('--by <slackUserId>', 'who verified it (default: cli)')
    .option('--json', 'print the saved answer as JSON')
    .action(
      async (opts: { question: string; answer: string; team: string; visibleTo?: string; review: string; by?: string; json?: boolean }) =>
        withServices(async (s) => {
          const row = {
            question: opts.question,
            answer: opts.answer,
            team: opts.team,
            visible_to: opts.visibleTo?.split(',').join(';') ?? '',
            review_days: opts.review,
          };
          const { drafts, problems } = parseFaq(JSON.stringify([row]), teamsOf(s), 'json');
          if (problems.length) throw new KikiError(ErrorCode.InvalidInput, problems.map((p) => p.message).join('; '));
          const [draft] = drafts;
          if (!draft) throw new KikiError(ErrorCode.InvalidInput, 'nothing to save');
          const saved = await s.verified.save(draft, by(opts));
          if (opts.json) return json(answerRecord(saved));
          out(`Saved ${saved.id.slice(0, 8)}: ${saved.question}`);
        }),
    );
}

/** `answers retire`: stop giving an answer, keeping its history. */
function registerRetire(answers: Command): void {
  answers
    .command('retire')
    .description('stop giving a verified answer (kept, with its history)')
    .argument('<id>', 'id or its first characters')
    .option('--by <slackUserId>', 'who retired it (default: cli)')
    .option('--json', 'print the retired answer as JSON')
    .action(async (id: string, opts: { by?: string; json?: boolean }) =>
      withServices(async (s) => {
        const a = await find(s, id);
        if (a.status === 'retired') throw new KikiError(ErrorCode.InvalidInput, `${a.id.slice(0, 8)} is already retired`);
        const retired = await s.verified.change(a.id, 'retired', by(opts));
        if (opts.json) return json(answerRecord(retired ?? a));
        out(`Retired ${a.id.slice(0, 8)}: ${a.question}`);
      }),
    );
}

/** `answers export`: active answers in the import format, to stdout or a file. */
function registerExport(answers: Command): void {
  answers
    .command('export')
    .description('active verified answers in the import format')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: { format: 'json' | 'csv'; json?: boolean; out?: string }) =>
      withServices(async (s) => {
        const list = await s.verified.records.list({ status: 'active' });
        const text = opts.format === 'csv' && !opts.json ? exportCsv(list) : `${JSON.stringify(exportRows(list), null, 2)}\n`;
        if (opts.out) {
          fs.writeFileSync(path.resolve(opts.out), text);
          process.stderr.write(`${list.length} answers written to ${path.resolve(opts.out)}\n`);
        } else process.stdout.write(text);
      }),
    );
}

/** `answers import`: an FAQ file, saved whole or not at all. */
function registerImport(answers: Command): void {
  answers
    .command('import')
    .description('import an FAQ: CSV or JSON with question, answer, team, visible_to (all rows or none)')
    .argument('<file>', 'a .csv or .json file')
    .option('--by <slackUserId>', 'who verified them (default: cli)')
    .option('--json', 'print {"imported","problems":[{"line","message"}]} as JSON')
    .action(async (file: string, opts: { by?: string; json?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(path.resolve(file), 'utf8');
      } catch (error) {
        throw new KikiError(ErrorCode.InvalidInput, `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, {
          cause: error,
        });
      }
      await withServices(async (s) => {
        const format = file.toLowerCase().endsWith('.json') ? 'json' : file.toLowerCase().endsWith('.csv') ? 'csv' : undefined;
        const { drafts, problems } = parseFaq(text, teamsOf(s), format);
        if (problems.length) {
          if (opts.json) json({ imported: 0, problems });
          else for (const p of problems) process.stderr.write(`${file}:${p.line}: ${p.message}\n`);
          throw new KikiError(
            ErrorCode.InvalidInput,
            `Nothing imported: ${problems.length} problem${problems.length > 1 ? 's' : ''} in ${file}`,
          );
        }
        const saved = await s.verified.saveMany(drafts, by(opts));
        if (opts.json) return json({ imported: saved.length, problems: [] });
        out(`Imported ${saved.length} verified answers from ${file}`);
      });
    });
}

export function registerAnswers(program: Command): void {
  const answers = program.command('answers').description('Verified answers: list, show, add, retire, export and import (an existing FAQ)');
  registerList(answers);
  registerShow(answers);
  registerAdd(answers);
  registerRetire(answers);
  registerExport(answers);
  registerImport(answers);
}
