import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideLevel, intersect } from '../../src/sources/access-map.js';
import { ingestRoots } from '../../src/sources/roots.js';
import { loadSources } from '../../src/sources/spec.js';
import { tempDir, testConfig } from '../helpers/env.js';

function file(text: string): string {
  const f = path.join(tempDir(), 'sources.yml');
  fs.writeFileSync(f, text);
  return f;
}

describe('KIKI_SOURCES', () => {
  it('without it, KNOWLEDGE_DIR is the one folder source and ingest reads it as before (no roots)', () => {
    const config = testConfig({ KNOWLEDGE_DIR: '/kb' });
    expect(loadSources(undefined, '/kb')).toEqual([{ name: 'knowledge', type: 'folder', path: '/kb', requestBudget: 1, concurrency: 1 }]);
    expect(ingestRoots(config)).toBeUndefined();
  });

  it('a secret pasted where an environment variable name belongs is refused without being echoed', () => {
    const f = file(
      'sources:\n  - name: wiki\n    type: confluence\n    url: https://acme.atlassian.net\n    spaces: [HR]\n    credentials: { email: CONF_EMAIL, token: ATATT3xFfGF0secretvalue }\n',
    );
    expect(() => loadSources(f, '/kb')).toThrow(
      `KIKI_SOURCES: ${f}: sources.0.credentials.token: must name an environment variable (e.g. CONFLUENCE_TOKEN), not hold the secret itself`,
    );
    try {
      loadSources(f, '/kb');
    } catch (error) {
      expect(String(error)).not.toContain('ATATT3x');
    }
  });

  it('one clear line for YAML errors, unknown types, duplicate names and a Drive source without a scope', () => {
    expect(() => loadSources(file('sources: [\n'), '/kb')).toThrow(/is not valid YAML \(line \d\)$/);
    expect(() => loadSources(file('sources:\n  - { name: x, type: sharepoint }\n'), '/kb')).toThrow(/sources\.0\.type: /);
    expect(() =>
      loadSources(file('sources:\n  - { name: a, type: folder, path: . }\n  - { name: a, type: folder, path: . }\n'), '/kb'),
    ).toThrow('two sources are named "a"');
    expect(() => loadSources(file('sources:\n  - { name: d, type: google-drive, credentials: { token: T } }\n'), '/kb')).toThrow(
      'needs exactly one of driveId or folderId',
    );
  });

  it('with it, every source is a root under its name; folders resolve beside the file; slack-search has none', () => {
    const f = file(
      'sources:\n  - { name: hb, type: folder, path: ./kb, access: [People] }\n  - { name: site, type: web, url: "http://intranet.local/" }\n  - { name: slack, type: slack-search }\n',
    );
    const config = testConfig({ KIKI_SOURCES: f });
    expect(ingestRoots(config)).toEqual([
      { dir: path.join(path.dirname(f), 'kb'), prefix: 'hb/', access: ['People'] },
      { dir: path.join(config.KIKI_DATA_DIR, 'sources', 'site'), prefix: 'site/' },
    ]);
  });
});

describe('slack-search sources', () => {
  it('default to public channels, 10 messages and no bots; private channels and DMs only when listed', () => {
    const [plain] = loadSources(file('sources:\n  - { name: slack, type: slack-search }\n'), '/kb');
    expect(plain).toMatchObject({ channelTypes: ['public_channel'], limit: 10, includeBots: false });
    const [wide] = loadSources(
      file('sources:\n  - { name: slack, type: slack-search, channelTypes: [public_channel, im], limit: 30 }\n'),
      '/kb',
    );
    expect(wide).toMatchObject({ channelTypes: ['public_channel', 'im'], limit: 30 });
  });

  it('refuses an unknown channel type, a limit over 50 and an unknown option, each in one line naming the field', () => {
    const load = (opts: string) => () => loadSources(file(`sources:\n  - { name: slack, type: slack-search, ${opts} }\n`), '/kb');
    expect(load('channelTypes: [public]')).toThrow(/sources\.0\.channelTypes\.0: /);
    expect(load('limit: 51')).toThrow(/sources\.0\.limit: /);
    expect(load('token: xoxb-1')).toThrow(/sources\.0: .*token/);
    const two = 'sources:\n  - { name: a, type: slack-search }\n  - { name: b, type: slack-search }\n';
    expect(() => loadSources(file(two), '/kb')).toThrow('one slack-search source at most');
  });
});

describe('permission mapping', () => {
  const map = { groups: { legal: 'Legal', staff: 'everyone' }, users: { 'ceo@acme.example': ['Exec'] } };
  it('unmapped principals grant nothing; none mapped is nobody; every level must allow', () => {
    expect(decideLevel(map, [])).toMatchObject({ kind: 'everyone' });
    expect(
      decideLevel(map, [
        { type: 'group', id: 'g1', name: 'legal' },
        { type: 'user', id: 'bob' },
      ]),
    ).toEqual({ kind: 'groups', groups: ['Legal'], unmapped: ['user:bob'] });
    expect(decideLevel(map, [{ type: 'user', id: 'bob' }])).toEqual({ kind: 'nobody', unmapped: ['user:bob'] });
    expect(decideLevel(map, [{ type: 'anyone' }])).toMatchObject({ kind: 'nobody' });
    const legal = decideLevel(map, [{ type: 'group', id: 'legal' }]);
    const exec = decideLevel(map, [{ type: 'user', id: 'ceo@acme.example' }]);
    expect(intersect(decideLevel(map, [{ type: 'group', id: 'staff' }]), legal)).toMatchObject({ kind: 'groups', groups: ['Legal'] });
    expect(intersect(legal, exec)).toMatchObject({ kind: 'nobody' });
  });
});
