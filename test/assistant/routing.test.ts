import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseRoute, loadRouting, parseRouting } from '../../src/assistant/routing.js';
import { ROOT } from '../helpers/cli.js';

const table = loadRouting(path.join(ROOT, 'examples/routing.yml'));

describe('hand-off routing', () => {
  it('the shipped example maps the knowledge owners to channels', () => {
    expect(table.routes.map((r) => r.team)).toEqual(['People', 'IT', 'Finance', 'Security', 'Legal', 'Comms']);
  });

  it('prefers the owner of the best sources, then keywords, then the asker’s department, then the fallback', () => {
    expect(chooseRoute(table, { owners: ['Finance'], question: 'vpn?' })).toMatchObject({ channel: 'C0FINANCE', reason: 'owner' });
    expect(chooseRoute(table, { owners: [], question: 'My VPN is broken' })).toMatchObject({
      channel: 'C0ITHELP',
      reason: 'keyword',
      mention: 'S0ITHELP',
    });
    expect(chooseRoute(table, { owners: [], question: 'something odd', department: 'Legal' })).toMatchObject({
      channel: 'C0LEGAL',
      reason: 'department',
    });
    expect(chooseRoute(table, { owners: [], question: 'something odd' })).toMatchObject({ channel: 'C0HELPDESK', reason: 'fallback' });
    expect(chooseRoute(table, { owners: [], question: 'something odd' }, 'C0ESCALATE')).toMatchObject({ channel: 'C0ESCALATE' });
    expect(chooseRoute({ routes: [] }, { owners: [], question: 'x' })).toBeUndefined();
  });

  it('reports a broken routing file clearly', () => {
    expect(() => parseRouting('routes: [ {team: x', 'r.yml')).toThrow(/r\.yml is not valid YAML/);
    expect(() => parseRouting('routes:\n  - team: People\n', 'r.yml')).toThrow(/r\.yml is invalid: routes\.0\.channel/);
    expect(() => loadRouting('/nonexistent/routing.yml')).toThrow(/cannot read/);
  });
});
