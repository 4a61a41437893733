import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { dm } from '../helpers/dm.js';
import { tempDir } from '../helpers/env.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// "Salary bands 2025" in SAMPLE_DOCS is Finance-only. Every user below says "Finance" in their Slack profile,
// which anyone can usually edit about themselves.
const USERS = [
  { id: 'U0FIONA', name: 'fiona', department: 'Finance' },
  { id: 'U0SAM', name: 'sam', department: 'Finance' },
  { id: 'U0MALLORY', name: 'mallory', department: 'Finance' },
];
const QUESTION = 'What is the engineering salary band for level 3?';

function directoryFile(): string {
  const file = path.join(tempDir(), 'people.csv');
  fs.writeFileSync(file, 'slack_user_id,email,name,department\nU0FIONA,fiona@example.com,Fiona,Finance\nU0SAM,sam@example.com,Sam,Sales\n');
  return file;
}

async function app(env: Record<string, string>): Promise<TestApp> {
  const t = await startTestApp({ users: USERS, env });
  useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  return t;
}

async function sees(t: TestApp, user: string): Promise<boolean> {
  const { reply } = await dm(t, user, QUESTION);
  return blocksText(reply).includes('70,000');
}

describe('with a people directory, it alone gives departments for access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app({ KIKI_DIRECTORY: directoryFile() });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a Finance member of the directory reads the Finance-only document', async () => {
    expect(await sees(t, 'U0FIONA')).toBe(true);
  });

  it('someone missing from the directory whose Slack profile says Finance does not', async () => {
    expect(await sees(t, 'U0MALLORY')).toBe(false);
  });

  it('someone the directory puts in Sales does not, whatever their profile says', async () => {
    expect(await sees(t, 'U0SAM')).toBe(false);
  });

  it('a Slack profile does not make someone a contract drafter either', async () => {
    const legal = await startTestApp({
      users: [{ id: 'U0LEX', name: 'lex', department: 'Legal' }],
      env: { KIKI_DIRECTORY: directoryFile() },
    });
    try {
      expect((await legal.services.contracts.mayDraft('U0LEX')).allowed).toBe(false);
    } finally {
      await legal.close();
    }
  });
});

describe('without a directory, profile departments grant nothing by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app({});
  });
  afterAll(async () => {
    await t.close();
  });

  it('a Slack profile saying Finance does not open the Finance-only document', async () => {
    expect(await sees(t, 'U0MALLORY')).toBe(false);
  });
});

describe('KIKI_PROFILE_DEPARTMENTS=true: an admin lets profiles count', () => {
  it('without a directory, the profile department gives access', async () => {
    const t = await app({ KIKI_PROFILE_DEPARTMENTS: 'true' });
    try {
      expect(await sees(t, 'U0MALLORY')).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('with a directory, the profile fills in only for people the directory lacks', async () => {
    const t = await app({ KIKI_PROFILE_DEPARTMENTS: 'true', KIKI_DIRECTORY: directoryFile() });
    try {
      expect(await sees(t, 'U0MALLORY')).toBe(true);
      expect(await sees(t, 'U0SAM')).toBe(false);
    } finally {
      await t.close();
    }
  });
});
