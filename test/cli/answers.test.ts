import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';

describe('kiki answers and kiki ask with verified answers', () => {
  const dataDir = tempDir();
  const env = {
    KIKI_DATA_DIR: dataDir,
    KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
    KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml'),
  };
  const file = (name: string, text: string) => {
    const f = path.join(tempDir(), name);
    fs.writeFileSync(f, text);
    return f;
  };
  const list = async () =>
    JSON.parse((await runKiki(['answers', 'list', '--json'], env)).stdout) as { id: string; question: string; status: string }[];

  it('refuses an FAQ with errors, naming each line, and imports nothing', async () => {
    const csv = file(
      'faq.csv',
      'question,answer,team,visible_to\n"Can I lease a bike?","Yes, up to 1,500 EUR.",People,everyone\n"Where is the gym?",,People,\n"Who fixes printers?","IT does.",Plumbing,\n',
    );
    const r = await runKiki(['answers', 'import', csv], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('faq.csv:3: answer is empty');
    expect(r.stderr).toContain('faq.csv:4: team "Plumbing" is not in the routing table');
    expect(r.stderr).toContain('Nothing imported: 2 problems');
    expect(await list()).toEqual([]);

    const bad = file(
      'faq.json',
      '[\n  {"question": "Q?", "answer": "A", "team": "IT"},\n  {"question": "", "answer": "A", "team": "IT"}\n]\n',
    );
    const j = await runKiki(['answers', 'import', bad, '--json'], env);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual({ imported: 0, problems: [{ line: 3, message: 'question is empty' }] });
    expect(await list()).toEqual([]);
  });

  it('imports a clean FAQ; kiki ask gives the verified answer for the same question in other words, until it is retired', async () => {
    const json = file(
      'faq.json',
      JSON.stringify([
        {
          question: 'Can I lease a bike through the company?',
          answer: 'Yes: the bike leasing scheme pays up to 1,500 EUR.',
          team: 'people',
          visible_to: [],
        },
        { question: 'Who fixes the office printers?', answer: 'IT, via #it-help.', team: 'IT', visible_to: ['Engineering'] },
      ]),
    );
    const r = await runKiki(['answers', 'import', json], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Imported 2 verified answers');
    const answers = await list();
    expect(answers.map((a) => a.question)).toEqual(['Can I lease a bike through the company?', 'Who fixes the office printers?']);

    const ask = await runKiki(['ask', 'Does the company offer bicycle leasing?', '--json'], env);
    expect(ask.code, ask.stderr).toBe(0);
    const answer = JSON.parse(ask.stdout) as { answer: string; mode: string; verified: { team: string } };
    expect(answer).toMatchObject({
      mode: 'verified',
      answer: 'Yes: the bike leasing scheme pays up to 1,500 EUR.',
      verified: { team: 'People' },
    });

    // Visible to Engineering only: someone with no department never gets it (and there is no index to answer from).
    const printers = await runKiki(['ask', 'Who repairs the printers in the office?', '--json'], env);
    expect(printers.stdout).not.toContain('verified');
    expect(printers.stderr).toContain('kiki ingest');

    // Filters that leave nothing say so; they do not claim there are no verified answers at all.
    const due = await runKiki(['answers', 'list', '--team', 'People', '--due'], env);
    expect(due.code, due.stderr).toBe(0);
    expect(due.stdout).not.toContain('No verified answers yet');
    expect(due.stdout).toContain('None of the 2 verified answers is due for review for People.');

    const retire = await runKiki(['answers', 'retire', answers[0]!.id.slice(0, 8), '--by', 'U0HANA'], env);
    expect(retire.code, retire.stderr).toBe(0);
    const show = JSON.parse((await runKiki(['answers', 'show', answers[0]!.id, '--json'], env)).stdout) as {
      status: string;
      versions: { change: string; changed_by: string }[];
    };
    expect(show.status).toBe('retired');
    expect(show.versions.map((v) => [v.change, v.changed_by])).toEqual([
      ['imported', 'cli'],
      ['retired', 'U0HANA'],
    ]);
    const after = await runKiki(['ask', 'Does the company offer bicycle leasing?', '--json'], env);
    expect(after.stdout).not.toContain('verified');

    const exported = await runKiki(['answers', 'export', '--format', 'csv'], env);
    expect(exported.stdout).toBe(
      'question,answer,team,visible_to,review_days\nWho fixes the office printers?,"IT, via #it-help.",IT,Engineering,90\n',
    );
  }, 60_000);

  it("uses the sandbox's routing on the sandbox data folder: a team that is not in it is refused", async () => {
    const sandbox = tempDir();
    fs.writeFileSync(path.join(sandbox, 'sandbox-seed.json'), '{}\n');
    const add = ['answers', 'add', '--question', 'Where is the gym?', '--answer', 'Floor 2.', '--team', 'Plumbing'];
    const r = await runKiki(add, { KIKI_DATA_DIR: sandbox, LOG_LEVEL: 'silent' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('team "Plumbing" is not in the routing table');
  });
});
