import { escapeHtml, renderBlocks } from './blocks.js';
import { renderMessage, renderThread } from './messages.js';
import { renderModal } from './modal.js';
import { $, api, ctx, personOf, refresh, setRenderer, ui, viewAction } from './page.js';

// The sandbox page: reloads /api/state whenever the server says something changed, and turns what the
// person does into calls to the sandbox API (which sends Kiki signed Slack requests).

const COMMAND_HELP = {
  '/kiki': 'Ask Kiki a question, or /kiki help',
  '/kiki-contract': 'Draft a contract from an approved template (Legal)',
  '/kiki-sentiment': 'Sentiment report for press articles: paste links or text (Comms)',
  '/kiki-usage': 'Adoption and quality per department (admins): 7d, 30d or 90d',
};

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

setRenderer(render);
start();
