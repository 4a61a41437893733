import { escapeHtml, markdownToHtml, mrkdwnToHtml, renderBlocks, renderTasks } from './blocks.js';
import { $, api, ctx, personOf, ui } from './page.js';

// The sandbox page's messages: a message with its blocks, streamed steps and files, and the thread pane.

const COLORS = ['#e01e5a', '#36c5f0', '#2eb67d', '#ecb22e', '#1264a3', '#7c3085', '#d8572a', '#4a154b'];

function repliesOf(m) {
  return ui.state.messages.filter((r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts);
}

export function renderMessage(m, withReplies) {
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

export function renderThread() {
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
