import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Directory, UNASSIGNED } from '../../src/directory.js';
import { ErrorCode } from '../../src/errors.js';
import { askerFor, canSee, combineAccess, readFolderRule } from '../../src/retrieval/access.js';
import { tempDir, testConfig } from '../helpers/env.js';

// In-process tests of the access rules (the end-to-end ones in access.test.ts go through `kiki`, in a child
// process, where a broken rule still fails them but mutation testing cannot see it).
const rule = (yaml: string) => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, '_access.yml'), yaml);
  return () => readFolderRule(dir);
};

describe('folder rules (_access.yml)', () => {
  it('reads departments (a list or one name, trimmed) and index, which defaults to true', () => {
    expect(readFolderRule(tempDir())).toBeUndefined();
    expect(rule('access: [ Security , IT, "" ]\n')()).toEqual({ access: ['Security', 'IT'], index: true });
    expect(rule('access: Legal\n')()).toEqual({ access: ['Legal'], index: true });
    expect(rule('index: false\n')()).toEqual({ index: false });
    expect(rule('index: true\naccess: [People]\n')()).toEqual({ access: ['People'], index: true });
    expect(rule('')()).toEqual({ index: true });
  });

  it('refuses anything else with the file named and what to write, so a typo never opens a folder', () => {
    const refused = (yaml: string) => {
      try {
        rule(yaml)();
      } catch (error) {
        expect((error as { code: string }).code).toBe(ErrorCode.AccessRuleInvalid);
        return (error as Error).message.replace(/^.*_access\.yml: /, '');
      }
      return 'accepted';
    };
    expect(refused('access: [People\n')).toBe('not valid YAML (line 2); check its indentation and brackets');
    expect(refused('- People\n')).toBe('expected keys "access" and/or "index"');
    expect(refused('People\n')).toBe('expected keys "access" and/or "index"');
    expect(refused('access: [1, 2]\n')).toBe('"access" must be a list of department names, e.g. [Legal, People]');
    expect(refused('access: {a: 1}\n')).toBe('"access" must be a list of department names, e.g. [Legal, People]');
    expect(refused('access: [People, 3]\n')).toBe('"access" must be a list of department names, e.g. [Legal, People]');
    expect(refused('index: "no"\n')).toBe('"index" must be true or false');
  });
});

describe('combineAccess: nested rules narrow, never widen', () => {
  it('keeps the departments every level allows, case-insensitively, without duplicates', () => {
    expect(combineAccess(undefined, undefined)).toBeUndefined();
    expect(combineAccess(['Finance', 'Finance', 'People'])).toEqual(['Finance', 'People']);
    expect(combineAccess(undefined, ['Finance', 'People'], undefined)).toEqual(['Finance', 'People']);
    expect(combineAccess(['Finance', 'People'], ['people'])).toEqual(['People']);
    expect(combineAccess(['Finance'], ['Sales'])).toEqual([]);
    expect(combineAccess(['Finance', 'People', 'Legal'], ['people', 'legal'], ['LEGAL'])).toEqual(['Legal']);
  });
});

describe('canSee and askerFor', () => {
  it('shows a restricted document to any of its departments and to admins only', () => {
    const access = ['Finance', 'People'];
    expect(canSee({ isAdmin: false, department: 'people' }, access)).toBe(true);
    expect(canSee({ isAdmin: false, department: 'Finance' }, access)).toBe(true);
    expect(canSee({ isAdmin: false, department: 'Sales' }, access)).toBe(false);
    expect(canSee({ isAdmin: false }, access)).toBe(false);
    expect(canSee({ isAdmin: true }, access)).toBe(true);
    expect(canSee({ isAdmin: false }, undefined)).toBe(true);
    expect(canSee({ isAdmin: false, department: 'Sales' }, [])).toBe(false);
  });

  it('builds the asker from the directory and KIKI_ADMINS; "Unassigned" is no department', async () => {
    const config = testConfig({ KIKI_ADMINS: 'U0BOSS' });
    const directory = new Directory([
      { slackUserId: 'U0FIN', email: 'f@x', name: 'F', department: 'Finance', extra: {} },
      { slackUserId: 'U0BOSS', email: 'b@x', name: 'B', department: UNASSIGNED, extra: {} },
    ]);
    expect(await askerFor(config, directory, 'U0FIN')).toEqual({ userId: 'U0FIN', department: 'Finance', isAdmin: false });
    expect(await askerFor(config, directory, 'U0BOSS')).toEqual({ userId: 'U0BOSS', isAdmin: true });
    expect(await askerFor(config, directory, 'U0NOBODY')).toEqual({ userId: 'U0NOBODY', isAdmin: false });
  });
});
