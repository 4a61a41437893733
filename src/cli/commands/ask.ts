import type { Command } from 'commander';
import { type Language, reply } from '../../assistant/language.js';
import type { Answer, Citation } from '../../assistant/types.js';
import { CliUsageError, ErrorCode, KikiError } from '../../errors.js';
import { EVERYONE } from '../../retrieval/types.js';
import type { VerifiedMatch } from '../../verified/service.js';
import { cliConfig, cliLogger, openCoreServices } from '../context.js';

export const NOT_FOUND_ANSWER =
  'I couldn\'t find this in the documents. Ask in Slack and press "Talk to a human" to reach the team that owns the topic.';

/** The --json shape the issue fixes: {"answer","grounded","citations":[{"n","source","title","heading","url"}],"mode"}. */
export function answerJson(answer: Answer): Record<string, unknown> {
  return {
    answer: answer.citations.length ? answer.text : NOT_FOUND_ANSWER,
    grounded: answer.grounded && answer.citations.length > 0,
    citations: answer.citations.map((c) => ({ n: c.n, source: c.source, title: c.title, heading: c.heading, url: c.url ?? null })),
    mode: answer.mode,
  };
}

/** "Title › Section", like the Slack reply. */
export function sourceLabel(c: Citation): string {
  const section = c.heading.split(' › ').pop();
  return section && section !== c.title ? `${c.title} › ${section}` : c.title;
}

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('Ask a question from the terminal, answered like in Slack (with the documents the asker may read)')
    .argument('<question...>', 'the question')
    .option('--as <slackUserId>', "answer with this Slack user's access (default: documents visible to everyone)")
    .option('--json', 'print {"answer","grounded","citations","mode"} as JSON')
    .action(async (words: string[], opts: { as?: string; json?: boolean }) => {
      const question = words.join(' ').trim();
      if (!question) throw new CliUsageError('Give a question, e.g. kiki ask "How do I submit an expense claim?"');
      if (opts.as !== undefined && !/^[UW][A-Z0-9]{2,}$/.test(opts.as)) {
        throw new CliUsageError(`--as expects a Slack user id such as U012ABCDEF, got "${opts.as}"`);
      }
      const config = cliConfig();
      const services = await openCoreServices(config, cliLogger(config));
      try {
        const { askerFor } = await import('../../retrieval/access.js');
        const asker = opts.as ? await askerFor(config, services.directory, opts.as) : EVERYONE;
        // The same conductor as Slack: a verified answer first, else the documents; one usage event either way.
        const result = await services.ask.ask({
          question,
          asker,
          userId: opts.as ?? 'cli',
          surface: 'cli',
          // Without an index every question would be "not found": say what to do instead, as kiki search does.
          searching: async () => {
            if (!(await services.retrieval.current())) {
              throw new KikiError(ErrorCode.NotFound, 'there is no search index yet; run "kiki ingest" first');
            }
            return undefined;
          },
        });
        if (result.kind === 'verified') return printVerified(result.match, opts);
        // The error was logged and counted; the CLI's handler prints what to do about it.
        if (result.kind === 'failed') throw result.error;
        if (result.kind !== 'answered') throw new KikiError(ErrorCode.Unexpected, 'the question was not answered');
        const answer = result.answer;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(answerJson(answer))}\n`);
          return;
        }
        if (answer.notice) process.stdout.write(`(${answer.notice})\n\n`);
        if (answer.state === 'closest' && answer.text) {
          // As in Slack: the best excerpt, framed as possibly not answering, and the nearest sections.
          process.stdout.write(`${reply(answer.language as Language, 'closest')}\n\n${answer.text}\n\nClosest sections:\n`);
          for (const c of answer.closest ?? []) process.stdout.write(`  - ${sourceLabel(c)} (${c.url ?? c.source})\n`);
          process.stdout.write(`\n${NOT_FOUND_ANSWER.replace("I couldn't find this in the documents. ", '')}\n`);
          return;
        }
        process.stdout.write(`${answer.citations.length ? answer.text : NOT_FOUND_ANSWER}\n`);
        if (answer.citations.length) {
          process.stdout.write('\nSources:\n');
          for (const c of answer.citations) {
            process.stdout.write(`  [${c.n}] ${sourceLabel(c)} (${c.url ?? c.source})\n`);
          }
        }
      } finally {
        await services.close();
      }
    });
}

/** A verified answer, as in Slack: marked as such; --json adds "verified" and mode "verified". */
function printVerified(m: VerifiedMatch, opts: { json?: boolean }): void {
  const a = m.answer;
  const citations = a.sources.map((c) => ({ n: c.n, source: c.source, title: c.title, heading: c.heading, url: c.url ?? null }));
  const when = new Date(a.verifiedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (opts.json) {
    const verified = {
      id: a.id,
      team: a.team,
      verified_by: a.verifiedBy,
      verified_at: new Date(a.verifiedAt).toISOString(),
      due_for_review: m.due,
    };
    process.stdout.write(`${JSON.stringify({ answer: a.answer, grounded: true, citations, mode: 'verified', verified })}\n`);
    return;
  }
  process.stdout.write(
    `Verified answer from ${a.team}, verified by ${a.verifiedBy} on ${when}${m.due ? ' (due for review)' : ''}:\n\n${a.answer}\n`,
  );
  if (citations.length) {
    process.stdout.write('\nSources:\n');
    for (const c of a.sources) process.stdout.write(`  [${c.n}] ${sourceLabel(c)} (${c.url ?? c.source})\n`);
  }
}
