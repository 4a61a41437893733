import { refusal } from './refusal.js';
import { asObject, type FakeView, type Handler, type SlackState, withIds } from './state.js';
import { checkView } from './validate.js';

/** views.*: modals (open, push, update) and Home tabs (publish), each checked as Slack checks it. */
export function viewsApi(s: SlackState): Record<string, Handler> {
  const refused = (view: unknown, expected?: 'home' | 'modal') => {
    const problems = checkView(view, expected);
    return problems.length ? refusal('invalid_arguments', problems) : undefined;
  };
  return {
    'views.open': (a) => {
      const bad = refused(a.view, 'modal');
      if (bad) return bad;
      // Tests sign their own trigger ids; only a missing one is refused here.
      if (typeof a.trigger_id !== 'string' || !a.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
      return s.saveView(a, 'open');
    },
    'views.push': (a) => refused(a.view, 'modal') ?? s.saveView(a, 'push'),
    'views.update': (a) => {
      const all = [...s.views.values(), ...s.homes.values()];
      const existing = a.view_id ? all.find((v) => v.id === a.view_id) : all.find((v) => v.view.external_id === a.external_id);
      if (!existing) return { ok: false, error: 'not_found' };
      if (a.hash && existing.hash && a.hash !== existing.hash) return { ok: false, error: 'hash_conflict' };
      const bad = refused(a.view, existing.kind);
      if (bad) return bad;
      existing.view = withIds(asObject(a.view));
      existing.hash = s.nextId('H');
      s.emit('view', existing);
      return { view: s.viewPayload(existing) };
    },
    'views.publish': (a) => {
      const bad = refused(a.view, 'home');
      if (bad) return bad;
      const home: FakeView = { id: s.nextId('VH'), user: String(a.user_id), view: withIds(asObject(a.view)), kind: 'home' };
      s.homes.set(String(a.user_id), home);
      s.emit('view', home);
      return { view: { id: home.id, ...home.view } };
    },
  };
}
