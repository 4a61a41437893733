import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Directory, parseDirectoryCsv, readDirectoryFile, UNASSIGNED } from '../src/directory.js';
import { tempDir } from './helpers/env.js';

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

  it('falls back to the Slack profile, cached, and then to Unassigned', async () => {
    let lookups = 0;
    const people = parseDirectoryCsv(CSV).people;
    expect(await new Directory(people).departmentOf('U0ZED')).toBe(UNASSIGNED);
    const dir = new Directory(people, async (id) => {
      lookups++;
      return id === 'U0DAN' ? 'IT' : undefined;
    });
    expect(await dir.departmentOf('U0DAN')).toBe('IT');
    expect(await dir.departmentOf('U0DAN')).toBe('IT');
    expect(lookups).toBe(1);
    expect(await dir.departmentOf('U0EVE')).toBe(UNASSIGNED);
    expect(await dir.departmentOf('U0ALICE')).toBe('Legal');
  });
});
