// The sandbox page's shared state and its calls to the server: what the person sees (ui), the sandbox API, and the
// reload of /api/state. sandbox.js sets the function that draws the page (setRenderer); messages.js and modal.js
// draw their parts from the same state.

export const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
export const ui = {
  user: params.get('user') ?? localStorage.getItem('kiki-sandbox-user') ?? '',
  channel: params.get('channel') ?? '',
  tab: 'messages',
  thread: null,
  state: null,
  shownModal: '',
  errors: {},
};

let renderPage = () => {};

/** The function that draws the whole page from ui.state, called by refresh whenever the state is reloaded. */
export function setRenderer(fn) {
  renderPage = fn;
}

export async function api(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: ui.user, ...body }),
  });
  const json = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  if (!res.ok || json.ok === false) {
    toast(json.error ?? `HTTP ${res.status}`);
    return null;
  }
  return json;
}

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    t.hidden = true;
  }, 6000);
}

let loading = null;
let again = false;
export async function refresh() {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      const res = await fetch(`/api/state?user=${encodeURIComponent(ui.user)}`);
      if (!res.ok) return;
      ui.state = await res.json();
      renderPage();
    } while (again);
  })();
  try {
    await loading;
  } finally {
    loading = null;
  }
}

export const ctx = () => ({
  nameOf: (id) =>
    id === ui.state.bot.id ? 'Kiki' : id.startsWith('S0') ? `${id.slice(2).toLowerCase()}-team` : (personOf(id)?.name ?? id),
  people: ui.state.people,
  channels: ui.state.channels,
  // Slack shows a channel link by the channel's name; the sandbox names channels it does not list as the workspace does.
  channelName: (id) => ui.state.channels.find((c) => c.id === id)?.name ?? id.replace(/^C0/, '').toLowerCase(),
});

export function personOf(id) {
  return ui.state?.people.find((p) => p.id === id);
}

export async function viewAction(viewId, action, values) {
  await api('/api/action', { viewId, action, values });
}
