import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Directory, parseDirectoryCsv, readDirectoryFile, UNASSIGNED } from '../src/directory.js';
import { createServices } from '../src/services.js';
import { captureLogger } from './helpers/app.js';
import { tempDir, testConfig } from './helpers/env.js';

const CSV = `slack_user_id,email,name,department,title
U0ALICE,alice@example.com,Alice Martin,Legal,Counsel
U0BOB,bob@example.com,Bob Stone,Comms,Press officer
U0CAROL,carol@example.com,"Carol, Jr.",Legal,Paralegal
`;

describe('people directory', () => {
  it('gives departments, extra columns and headcounts', async () => {
    const { people, problems } = parseDirectoryCsv(CSV);
    expect(problems).toEqual([]);
    const dir = new Directory(people);
    expect(await dir.departmentOf('U0BOB')).toBe('Comms');
    expect(dir.get('U0CAROL')?.name).toBe('Carol, Jr.');
    expect(dir.get('U0ALICE')?.extra.title).toBe('Counsel');
    expect(Object.fromEntries(dir.headcount())).toEqual({ Legal: 2, Comms: 1 });
  });

  it('reports a missing column on line 1 and loads nobody', () => {
    const { people, problems } = parseDirectoryCsv('slack_user_id,email,name\nU0ALICE,a@x.com,Alice\n');
    expect(people).toEqual([]);
    expect(problems).toEqual([{ line: 1, message: expect.stringContaining('department') }]);
  });

  it('reports duplicate ids and bad rows with their line numbers and keeps the rest', () => {
    const { people, problems } = parseDirectoryCsv(`${CSV}U0BOB,bob2@example.com,Bob Again,People,\n,nobody@example.com,Nobody,IT,\n`);
    expect(people.map((p) => p.slackUserId)).toEqual(['U0ALICE', 'U0BOB', 'U0CAROL']);
    expect(problems).toEqual([
      { line: 5, message: 'duplicate slack_user_id U0BOB (first on line 3)' },
      { line: 6, message: 'slack_user_id is empty' },
    ]);
  });

  it('reports a file that is not UTF-8 with the line of the first bad byte', () => {
    const file = path.join(tempDir(), 'people.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('slack_user_id,email,name,department\nU0A,a@x.com,'), Buffer.from([0xe9, 0x0a])]));
    const { people, problems } = readDirectoryFile(file);
    expect(people).toEqual([]);
    expect(problems[0]).toEqual({ line: 2, message: expect.stringContaining('UTF-8') });
  });

  it('reports a missing file without throwing', () => {
    const { problems } = readDirectoryFile('/nonexistent/people.csv');
    expect(problems[0]?.message).toContain('cannot read');
  });

  it('labels people missing from the CSV with their Slack profile, cached, and then Unassigned', async () => {
    let lookups = 0;
    const people = parseDirectoryCsv(CSV).people;
    expect(await new Directory(people).labelDepartmentOf('U0ZED')).toBe(UNASSIGNED);
    const dir = new Directory(people, async (id) => {
      lookups++;
      return id === 'U0DAN' ? 'IT' : undefined;
    });
    expect(await dir.labelDepartmentOf('U0DAN')).toBe('IT');
    expect(await dir.labelDepartmentOf('U0DAN')).toBe('IT');
    expect(lookups).toBe(1);
    expect(await dir.labelDepartmentOf('U0EVE')).toBe(UNASSIGNED);
    expect(await dir.labelDepartmentOf('U0ALICE')).toBe('Legal');
  });

  it('keeps a bounded number of profile departments, and sees a changed profile once the cached one expires', async () => {
    const looked: string[] = [];
    let department = 'IT';
    const dir = new Directory(
      parseDirectoryCsv(CSV).people,
      async (id) => {
        looked.push(id);
        return department;
      },
      { profileCache: { max: 2, ttlMs: 100 } },
    );
    for (const id of ['U1', 'U2', 'U3']) await dir.labelDepartmentOf(id);
    await dir.labelDepartmentOf('U1');
    expect(looked).toEqual(['U1', 'U2', 'U3', 'U1']);
    department = 'Legal';
    expect(await dir.labelDepartmentOf('U1')).toBe('IT');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await dir.labelDepartmentOf('U1')).toBe('Legal');
  });

  it('takes the Slack profile for access only when trustProfiles (KIKI_PROFILE_DEPARTMENTS) is on', async () => {
    const lookup = async (id: string) => (id === 'U0DAN' ? 'Legal' : undefined);
    const strict = new Directory(parseDirectoryCsv(CSV).people, lookup);
    expect(await strict.departmentOf('U0DAN')).toBe(UNASSIGNED);
    expect(await strict.departmentOf('U0ALICE')).toBe('Legal');
    const trusting = new Directory(parseDirectoryCsv(CSV).people, lookup, { trustProfiles: true });
    expect(await trusting.departmentOf('U0DAN')).toBe('Legal');
    expect(await trusting.departmentOf('U0BOB')).toBe('Comms');
  });
});

describe('one bad row never empties the directory', () => {
  const STRAY_QUOTE = `slack_user_id,email,name,department
U0ALICE,alice@example.com,Alice Martin,Legal
U0BOB,bob@example.com,"Bob Stone,Comms
U0CAROL,carol@example.com,Carol Ng,Legal
U0DAN,dan@example.com,Dan "Danny" Roe,IT
U0EVE,eve@example.com,Eve Park,People
`;

  it('skips a row with a stray quote with its line number and loads everyone else', () => {
    const { people, problems } = parseDirectoryCsv(STRAY_QUOTE);
    expect(people.map((p) => p.slackUserId)).toEqual(['U0ALICE', 'U0CAROL', 'U0EVE']);
    expect(problems.map((p) => p.line)).toEqual([3, 5]);
    expect(problems[0]?.message).toMatch(/quote/i);
  });

  it('Kiki starts with the rest of the directory and logs the skipped row as a warning', async () => {
    const file = path.join(tempDir(), 'people.csv');
    fs.writeFileSync(file, STRAY_QUOTE);
    const { logger, lines } = captureLogger();
    const services = await createServices(testConfig({ KIKI_DIRECTORY: file }), logger);
    try {
      expect(services.directory.people).toHaveLength(3);
      expect(await services.directory.departmentOf('U0EVE')).toBe('People');
      const warning = lines.find((l) => l.level === 40 && l.msg.startsWith('people directory:') && l.line === 3);
      expect(warning).toBeDefined();
    } finally {
      await services.close();
    }
  });

  it('refuses to start only when the file cannot be read at all, naming the file', async () => {
    const missing = path.join(tempDir(), 'nope.csv');
    await expect(createServices(testConfig({ KIKI_DIRECTORY: missing }), captureLogger().logger)).rejects.toThrow(
      /KIKI_DIRECTORY.*nope\.csv.*cannot be read/,
    );
    const headerOnly = path.join(tempDir(), 'people.csv');
    fs.writeFileSync(headerOnly, 'slack_user_id,email,name,department\n');
    const services = await createServices(testConfig({ KIKI_DIRECTORY: headerOnly }), captureLogger().logger);
    expect(services.directory.people).toEqual([]);
    await services.close();
  });
});
