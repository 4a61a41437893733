import { escapeHtml, markdownToHtml, mrkdwnToHtml, renderBlocks, renderTasks } from './blocks.js';

// The sandbox page: reloads /api/state whenever the server says something changed, and turns what the
// person does into calls to the sandbox API (which sends Kiki signed Slack requests).

const COMMAND_HELP = {
  '/kiki': 'Ask Kiki a question, or /kiki help',
  '/kiki-contract': 'Draft a contract from an approved template (Legal)',
  '/kiki-sentiment': 'Sentiment report for press articles: paste links or text (Comms)',
  '/kiki-usage': 'Adoption and quality per department (admins): 7d, 30d or 90d',
};
const COLORS = ['#e01e5a', '#36c5f0', '#2eb67d', '#ecb22e', '#1264a3', '#7c3085', '#d8572a', '#4a154b'];

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ui = {
  user: params.get('user') ?? localStorage.getItem('kiki-sandbox-user') ?? '',
  channel: params.get('channel') ?? '',
  tab: 'messages',
  thread: null,
  state: null,
  shownModal: '',
  errors: {},
};

async function api(path, body) {
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
async function refresh() {
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
      render();
    } while (again);
  })();
  try {
    await loading;
  } finally {
    loading = null;
  }
}

const ctx = () => ({
  nameOf: (id) =>
    id === ui.state.bot.id ? 'Kiki' : id.startsWith('S0') ? `${id.slice(2).toLowerCase()}-team` : (personOf(id)?.name ?? id),
  people: ui.state.people,
  channels: ui.state.channels,
  // Slack shows a channel link by the channel's name; the sandbox names channels it does not list as the workspace does.
  channelName: (id) => ui.state.channels.find((c) => c.id === id)?.name ?? id.replace(/^C0/, '').toLowerCase(),
});

function personOf(id) {
  return ui.state?.people.find((p) => p.id === id);
}

function render() {
  const s = ui.state;
  if (!ui.channel || !(ui.channel === s.dm || s.channels.some((c) => c.id === ui.channel))) ui.channel = s.dm;
  document.body.dataset.user = ui.user;
  renderSwitcher();
  renderNav();
  renderMain();
  renderThread();
  renderModal();
}

function renderSwitcher() {
  const s = ui.state;
  const select = $('user-switcher');
  if (select.dataset.filled !== '1') {
    const featured = document.createElement('optgroup');
    featured.label = 'Try as';
    for (const id of s.featured) featured.append(new Option(describe(personOf(id)), id));
    select.append(featured);
    const byDept = new Map();
    for (const p of s.people) if (!s.featured.includes(p.id)) byDept.set(p.department, [...(byDept.get(p.department) ?? []), p]);
    for (const [dept, people] of [...byDept].sort()) {
      const g = document.createElement('optgroup');
      g.label = dept;
      for (const p of people) g.append(new Option(describe(p), p.id));
      select.append(g);
    }
    select.dataset.filled = '1';
  }
  select.value = ui.user;
  const me = personOf(ui.user);
  $('me').textContent = me ? `${me.title ?? ''}${me.title ? ', ' : ''}${me.department}${me.admin ? ' · Kiki admin' : ''}` : '';
}

function describe(p) {
  return p ? `${p.name} — ${p.department}${p.admin ? ' (admin)' : ''}` : '';
}

function navItem(list, id, label, active, onClick) {
  const li = document.createElement('li');
  li.textContent = label;
  li.dataset.channel = id;
  if (active) li.className = 'active';
  li.addEventListener('click', onClick);
  list.append(li);
}

function renderNav() {
  const s = ui.state;
  const channels = $('channels');
  channels.replaceChildren();
  for (const c of s.channels) navItem(channels, c.id, `# ${c.name}`, ui.channel === c.id, () => selectChannel(c.id));
  const apps = $('apps');
  apps.replaceChildren();
  navItem(apps, s.dm, '● Kiki', ui.channel === s.dm, () => selectChannel(s.dm));
}

function selectChannel(id) {
  if (ui.channel !== id) ui.thread = null;
  ui.channel = id;
  ui.tab = 'messages';
  render();
  $('composer-input').focus();
}

function renderMain() {
  const s = ui.state;
  const isDm = ui.channel === s.dm;
  const channel = s.channels.find((c) => c.id === ui.channel);
  $('title').textContent = isDm ? 'Kiki' : `# ${channel?.name ?? ui.channel}`;
  const tabs = $('tabs');
  tabs.replaceChildren();
  if (isDm) {
    for (const [tab, label] of [
      ['home', 'Home'],
      ['messages', 'Messages'],
    ]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.role = 'tab';
      b.textContent = label;
      b.className = ui.tab === tab ? 'active' : '';
      b.addEventListener('click', () => {
        ui.tab = tab;
        if (tab === 'home') api('/api/home', {});
        render();
      });
      tabs.append(b);
    }
  } else ui.tab = 'messages';
  const home = ui.tab === 'home';
  $('home').hidden = !home;
  $('messages').hidden = home;
  $('composer').hidden = home;
  if (home) {
    const h = $('home');
    h.replaceChildren();
    if (s.home) h.append(renderBlocks(s.home.blocks, { ...ctx(), surface: 'home', onAction: (a) => viewAction(s.home.id, a, {}) }));
    else h.append(Object.assign(document.createElement('div'), { className: 'empty', textContent: 'Loading Kiki’s Home…' }));
    return;
  }
  $('composer-input').placeholder = isDm
    ? 'Message Kiki, or type / for commands'
    : `Message #${channel?.name ?? ''} — mention @Kiki to ask`;
  const list = $('messages');
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const top = s.messages.filter((m) => m.channel === ui.channel && (!m.thread_ts || m.thread_ts === m.ts));
  list.replaceChildren();
  if (top.length === 0) {
    list.append(
      Object.assign(document.createElement('div'), {
        className: 'empty',
        textContent: isDm
          ? 'This is your DM with Kiki. Ask a question about how we work, or try /kiki help.'
          : 'Say hello, or ask @Kiki something.',
      }),
    );
  }
  for (const m of top) list.append(renderMessage(m, true));
  if (stick) list.scrollTop = list.scrollHeight;
}

function repliesOf(m) {
  return ui.state.messages.filter((r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts);
}

function renderMessage(m, withReplies) {
  const s = ui.state;
  const isBot = m.user === s.bot.id || Boolean(m.bot_id);
  const row = document.createElement('div');
  row.className = `msg${m.ephemeralTo ? ' ephemeral' : ''}`;
  row.dataset.ts = m.ts;
  const avatar = document.createElement('div');
  avatar.className = `avatar${isBot ? ' bot' : ''}`;
  const person = personOf(m.user);
  avatar.textContent = isBot ? 'K' : initials(person?.name ?? m.user);
  if (!isBot) avatar.style.background = COLORS[[...(m.user ?? '')].reduce((a, c) => a + c.charCodeAt(0), 0) % COLORS.length];
  const body = document.createElement('div');
  body.className = 'msg-body';
  if (m.ephemeralTo)
    body.append(Object.assign(document.createElement('div'), { className: 'only-you', textContent: 'Only visible to you' }));
  const meta = document.createElement('div');
  meta.className = 'msg-meta';
  meta.innerHTML = `<span class="msg-author">${escapeHtml(isBot ? 'Kiki' : (person?.name ?? m.user ?? ''))}</span>${isBot ? '<span class="app-badge">APP</span>' : ''}<span class="msg-time">${time(m.ts)}${m.edited ? ' (edited)' : ''}</span>`;
  body.append(meta);
  const onAction = (a) => messageAction(m, a);
  if (m.streamed) {
    // A streamed message: its steps, the Markdown written so far, then the blocks added when it stopped.
    if (m.tasks?.length) body.append(renderTasks(m.tasks));
    if (m.text)
      body.append(
        Object.assign(document.createElement('div'), {
          className: `bk-text bk-markdown${m.streaming ? ' streaming' : ''}`,
          innerHTML: markdownToHtml(m.text, ctx()),
        }),
      );
    if (m.blocks?.length) body.append(renderBlocks(m.blocks, { ...ctx(), surface: 'message', onAction }));
    if (m.stopped) body.append(Object.assign(document.createElement('div'), { className: 'stopped', textContent: 'Stopped' }));
    // Slack's stop button on an agent session (the person's DM with Kiki) while the answer is being written.
    if (m.streaming && m.channel === s.dm && m.thread_ts) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'stop-stream';
      b.textContent = '■ Stop';
      b.setAttribute('aria-label', 'Stop');
      b.addEventListener('click', () => api('/api/stop', { channel: m.channel, threadTs: m.thread_ts }));
      body.append(b);
    }
  } else if (m.blocks?.length) body.append(renderBlocks(m.blocks, { ...ctx(), surface: 'message', onAction }));
  else if (m.text) {
    const t = document.createElement('div');
    t.className = `bk-text${m.streaming ? ' streaming' : ''}`;
    t.innerHTML = mrkdwnToHtml(m.text, ctx());
    body.append(t);
  }
  if (m.files?.length) body.append(renderFiles(m.files));
  if (withReplies) {
    const replies = repliesOf(m);
    if (replies.length > 0) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'replies';
      b.textContent = `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`;
      b.addEventListener('click', () => openThread(m));
      body.append(b);
    } else if (!m.ephemeralTo) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'reply-in-thread';
      b.textContent = 'Reply in thread';
      b.addEventListener('click', () => openThread(m));
      row.append(b);
    }
  }
  row.append(avatar, body);
  return row;
}

function renderFiles(files) {
  const box = document.createElement('div');
  box.className = 'files';
  for (const f of files) {
    if (f.mimetype.startsWith('image/')) {
      const a = document.createElement('a');
      a.className = 'file-image';
      a.href = f.url;
      a.target = '_blank';
      const img = document.createElement('img');
      img.src = f.url;
      img.alt = f.title;
      a.append(img);
      box.append(a);
    }
    const a = document.createElement('a');
    a.className = 'file';
    a.href = `${f.url}?download=1`;
    a.download = f.name;
    a.innerHTML = `<span class="file-icon">${escapeHtml((f.name.split('.').pop() ?? '').toUpperCase().slice(0, 4))}</span><span><span class="file-name">${escapeHtml(f.title || f.name)}</span><br><span class="file-size">${escapeHtml(f.name)} · ${size(f.size)} · Download</span></span>`;
    box.append(a);
  }
  return box;
}

function openThread(m) {
  ui.thread = { channel: m.channel, ts: m.ts };
  renderThread();
  $('thread-input').focus();
}

function renderThread() {
  const pane = $('thread');
  const t = ui.thread;
  const parent = t && ui.state.messages.find((m) => m.channel === t.channel && m.ts === t.ts);
  pane.hidden = !parent;
  if (!parent) return;
  const channel = ui.state.channels.find((c) => c.id === t.channel);
  $('thread-channel').textContent = t.channel === ui.state.dm ? 'Kiki' : `#${channel?.name ?? ''}`;
  const list = $('thread-messages');
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren();
  const head = renderMessage(parent, false);
  head.classList.add('parent');
  list.append(head);
  for (const r of repliesOf(parent)) list.append(renderMessage(r, false));
  if (stick || list.dataset.ts !== t.ts) list.scrollTop = list.scrollHeight;
  list.dataset.ts = t.ts;
}

async function messageAction(m, action) {
  await api('/api/action', { channel: m.channel, messageTs: m.ts, action });
}

async function viewAction(viewId, action, values) {
  await api('/api/action', { viewId, action, values });
}

// ---- modals -------------------------------------------------------------------------------------------

let modalControls = [];

function readValues() {
  const values = {};
  for (const c of modalControls) {
    values[c.blockId] ??= {};
    values[c.blockId][c.actionId] = c.read();
  }
  return values;
}

/** Slack keeps what a person typed when a view is updated with the same block and action ids. */
function snapshotInputs(layer) {
  const out = new Map();
  for (const block of layer.querySelectorAll('[data-block-id]')) {
    const controls = [...block.querySelectorAll('input, select, textarea')];
    out.set(
      block.dataset.blockId,
      controls.map((c) => ({ value: c.value, checked: c.checked, action: c.dataset.actionId ?? '' })),
    );
  }
  return out;
}

function restoreInputs(layer, saved) {
  for (const block of layer.querySelectorAll('[data-block-id]')) {
    const before = saved.get(block.dataset.blockId);
    const controls = [...block.querySelectorAll('input, select, textarea')];
    if (!before || before.length !== controls.length) continue;
    controls.forEach((c, i) => {
      if ((c.dataset.actionId ?? '') !== before[i].action) return;
      if (c.type === 'checkbox' || c.type === 'radio') c.checked = before[i].checked;
      else c.value = before[i].value;
    });
  }
}

function renderModal() {
  const layer = $('modal-layer');
  const modals = ui.state.modals;
  const view = modals[modals.length - 1];
  const key = view ? `${view.id}:${view.hash}` : '';
  if (key === ui.shownModal) return;
  const sameView = view && ui.shownModal.startsWith(`${view.id}:`);
  const saved = sameView ? snapshotInputs(layer) : new Map();
  ui.shownModal = key;
  if (!sameView) ui.errors = {};
  layer.replaceChildren();
  layer.hidden = !view;
  if (!view) return;
  modalControls = [];
  const dialog = document.createElement('div');
  dialog.className = 'modal';
  dialog.role = 'dialog';
  dialog.setAttribute('aria-modal', 'true');
  dialog.dataset.viewId = view.id;
  dialog.dataset.callbackId = view.callback_id ?? '';
  const header = document.createElement('div');
  header.className = 'modal-header';
  header.innerHTML = `<span class="modal-title">${escapeHtml(view.title?.text ?? '')}</span>`;
  const x = document.createElement('button');
  x.type = 'button';
  x.className = 'icon';
  x.setAttribute('aria-label', 'Close');
  x.textContent = '×';
  x.addEventListener('click', () => closeModal(view));
  header.append(x);
  const body = document.createElement('div');
  body.className = 'modal-body';
  body.append(
    renderBlocks(view.blocks, {
      ...ctx(),
      surface: 'modal',
      controls: modalControls,
      onAction: (a) => viewAction(view.id, a, readValues()),
    }),
  );
  const footer = document.createElement('div');
  footer.className = 'modal-footer';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'bk-button';
  cancel.textContent = view.close?.text ?? 'Cancel';
  cancel.addEventListener('click', () => closeModal(view));
  footer.append(cancel);
  if (view.submit) {
    const submit = document.createElement('button');
    submit.type = 'button';
    submit.className = 'bk-button bk-primary';
    submit.textContent = view.submit.text ?? 'Submit';
    submit.addEventListener('click', () => submitModal(view, submit));
    footer.append(submit);
  }
  dialog.append(header, body, footer);
  layer.append(dialog);
  restoreInputs(layer, saved);
  showErrors();
}

function showErrors() {
  const layer = $('modal-layer');
  for (const block of layer.querySelectorAll('.bk-input')) {
    const message = ui.errors[block.dataset.blockId] ?? '';
    block.querySelector('.bk-error').textContent = message;
    block.classList.toggle('has-error', Boolean(message));
  }
}

async function submitModal(view, button) {
  button.disabled = true;
  try {
    const res = await api('/api/submit', { viewId: view.id, values: readValues() });
    ui.errors = res?.errors ?? {};
    showErrors();
  } finally {
    button.disabled = false;
  }
  await refresh();
}

async function closeModal(view) {
  await api('/api/close', { viewId: view.id, values: readValues() });
  await refresh();
}

// ---- composer -----------------------------------------------------------------------------------------

async function send(text, threadTs) {
  const trimmed = text.trim();
  if (!trimmed) return false;
  const m = trimmed.match(/^(\/[\w-]+)(?:\s+([\s\S]*))?$/);
  if (m) {
    const res = await api('/api/command', { channel: ui.channel, command: m[1], text: m[2] ?? '' });
    return res !== null;
  }
  const res = await api('/api/message', { channel: ui.thread && threadTs ? ui.thread.channel : ui.channel, text: trimmed, threadTs });
  // Kiki answers in the thread of a question: open it, as the person would.
  if (res?.ts && !threadTs && (ui.channel === ui.state.dm || /@kiki\b/i.test(trimmed))) {
    ui.thread = { channel: ui.channel, ts: res.ts };
  }
  return res !== null;
}

function wireComposer(form, input, threadOf) {
  const submit = async () => {
    const text = input.value;
    input.value = '';
    $('command-hint').hidden = true;
    const ok = await send(text, threadOf());
    if (!ok) input.value = text;
    await refresh();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  });
}

function commandHint() {
  const input = $('composer-input');
  const hint = $('command-hint');
  const word = input.value.match(/^\/[\w-]*$/)?.[0];
  const matches = word ? Object.entries(COMMAND_HELP).filter(([c]) => c.startsWith(word)) : [];
  hint.hidden = matches.length === 0;
  hint.replaceChildren();
  for (const [command, help] of matches) {
    const row = document.createElement('div');
    row.innerHTML = `<b>${escapeHtml(command)}</b>${escapeHtml(help)}`;
    row.addEventListener('mousedown', (e) => {
      e.preventDefault();
      input.value = `${command} `;
      hint.hidden = true;
      input.focus();
    });
    hint.append(row);
  }
}

function initials(name) {
  return String(name ?? '?')
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

function time(ts) {
  const d = new Date(Number(ts) * 1000);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function size(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

async function start() {
  const people = await (await fetch('/api/people')).json();
  if (!people.people.some((p) => p.id === ui.user)) ui.user = people.defaultUser;
  wireComposer($('composer'), $('composer-input'), () => undefined);
  wireComposer($('thread-composer'), $('thread-input'), () => ui.thread?.ts);
  $('composer-input').addEventListener('input', commandHint);
  $('thread-close').addEventListener('click', () => {
    ui.thread = null;
    renderThread();
  });
  $('user-switcher').addEventListener('change', (e) => {
    ui.user = e.target.value;
    localStorage.setItem('kiki-sandbox-user', ui.user);
    ui.thread = null;
    ui.shownModal = '';
    refresh();
  });
  await refresh();
  const events = new EventSource('/api/events');
  events.onmessage = () => refresh();
}

start();
