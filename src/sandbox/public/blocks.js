// Block Kit and mrkdwn, rendered to DOM for the sandbox page. Enough of Slack's rendering to read what Kiki
// sends and to use every control it offers; not a pixel copy.

/** @param {string} s */
export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Slack escapes &, < and > in text; the page escapes again for HTML. */
function decodeSlack(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Only links a person could follow safely: web, mail, and the sandbox's own files. */
export function safeUrl(url) {
  const u = String(url ?? '').trim();
  if (/^(https?:|mailto:)/i.test(u) || u.startsWith('/files/')) return u;
  return null;
}

// The shortcodes Kiki's messages use, and a few common ones; others stay as typed, as in Slack without the emoji.
const EMOJI = {
  warning: '⚠️',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  '+1': '👍',
  '-1': '👎',
  thumbsup: '👍',
  thumbsdown: '👎',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  page_facing_up: '📄',
  memo: '📝',
  mag: '🔍',
  wave: '👋',
  bulb: '💡',
  link: '🔗',
  speech_balloon: '💬',
  raising_hand: '🙋',
  bust_in_silhouette: '👤',
  lock: '🔒',
  calendar: '📅',
  books: '📚',
  book: '📖',
  information_source: 'ℹ️',
  hourglass_flowing_sand: '⏳',
  point_right: '👉',
  large_green_circle: '🟢',
  red_circle: '🔴',
  white_circle: '⚪',
  large_orange_circle: '🟠',
  tada: '🎉',
  eyes: '👀',
  newspaper: '📰',
  scales: '⚖️',
  busts_in_silhouette: '👥',
  inbox_tray: '📥',
  sparkles: '✨',
  question: '❓',
};

/**
 * @param {string} text mrkdwn (Slack's markup)
 * @param {{ nameOf: (id: string) => string }} ctx
 */
export function mrkdwnToHtml(text, ctx) {
  const tokens = [];
  const hold = (html) => {
    tokens.push(html);
    return `\uE000${tokens.length - 1}\uE000`;
  };
  let s = String(text ?? '');
  s = s.replace(/```([\s\S]*?)```/g, (_m, code) => hold(`<pre>${escapeHtml(decodeSlack(code.replace(/^\n/, '')))}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_m, code) => hold(`<code>${escapeHtml(decodeSlack(code))}</code>`));
  s = s.replace(/<([^<>\n]+)>/g, (_m, inner) => hold(angle(inner, ctx)));
  s = escapeHtml(decodeSlack(s)).replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);
  s = s.replace(/(^|[\s(>\uE000])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s.,;:!?)\uE000])/gm, '$1<b>$2</b>');
  s = s.replace(/(^|[\s(>\uE000])_(?=\S)([^_\n]*?\S)_(?=$|[\s.,;:!?)\uE000])/gm, '$1<i>$2</i>');
  s = s.replace(/(^|[\s(>\uE000])~(?=\S)([^~\n]*?\S)~(?=$|[\s.,;:!?)\uE000])/gm, '$1<s>$2</s>');
  s = s
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') || line === '&gt;' ? `<blockquote>${line.replace(/^&gt; ?/, '')}</blockquote>` : line))
    .join('\n')
    .replace(/<\/blockquote>\n<blockquote>/g, '<br>')
    .replace(/<\/blockquote>\n/g, '</blockquote>')
    .replace(/\n/g, '<br>');
  return s.replace(/\uE000(\d+)\uE000/g, (_m, i) => tokens[Number(i)] ?? '');
}

function angle(inner, ctx) {
  const [target = '', label] = inner.split('|');
  if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(ctx.nameOf(target.slice(1)))}</span>`;
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<span class="mention">#${escapeHtml(label ?? ctx.channelName?.(id) ?? id)}</span>`;
  }
  if (target.startsWith('!')) {
    const [what, id] = target.slice(1).split('^');
    if (what === 'date') return escapeHtml(decodeSlack(label ?? ''));
    if (what === 'subteam') return `<span class="mention">@${escapeHtml(label?.replace(/^@/, '') ?? ctx.nameOf(id ?? ''))}</span>`;
    return `<span class="mention">@${escapeHtml(label ?? what)}</span>`;
  }
  const url = safeUrl(decodeSlack(target));
  const shown = escapeHtml(decodeSlack(label ?? target));
  return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${shown}</a>` : shown;
}

/** Inline standard Markdown (bold, italics, code, links) as mrkdwn, rendered. */
function inlineMarkdown(text, ctx) {
  const converted = String(text ?? '')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<$2|$1>');
  return mrkdwnToHtml(converted, ctx);
}

const isTableRow = (line) => /^\s*\|.*\|\s*$/.test(line);
const isTableRule = (line) => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);
const cells = (line) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/**
 * Standard Markdown as Slack's `markdown` block shows it: headings, paragraphs, lists, tables and (nested)
 * block quotes, with inline bold, italics, code and links.
 */
export function markdownToHtml(text, ctx) {
  const lines = String(text ?? '').split('\n');
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (/^\s*>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i] ?? '')) quoted.push((lines[i++] ?? '').replace(/^\s*> ?/, ''));
      out.push(`<blockquote>${markdownToHtml(quoted.join('\n'), ctx)}</blockquote>`);
      continue;
    }
    if (isTableRow(line) && isTableRule(lines[i + 1] ?? '')) {
      const head = cells(line);
      i += 2;
      const rows = [];
      while (i < lines.length && isTableRow(lines[i] ?? '')) rows.push(cells(lines[i++] ?? ''));
      const th = head.map((c) => `<th>${inlineMarkdown(c, ctx)}</th>`).join('');
      const body = rows.map((r) => `<tr>${r.map((c) => `<td>${inlineMarkdown(c, ctx)}</td>`).join('')}</tr>`).join('');
      out.push(`<table class="md-table"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`);
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items = [];
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i] ?? ''))
        items.push((lines[i++] ?? '').replace(/^\s*([-*+]|\d+[.)])\s+/, ''));
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((x) => `<li>${inlineMarkdown(x, ctx)}</li>`).join('')}</${tag}>`);
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      out.push(`<div class="md-heading"><b>${inlineMarkdown(heading[1], ctx)}</b></div>`);
      i += 1;
      continue;
    }
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const para = [];
    while (
      i < lines.length &&
      (lines[i] ?? '').trim() !== '' &&
      !/^\s*(>|[-*+]\s|\d+[.)]\s|#{1,6}\s)/.test(lines[i] ?? '') &&
      !isTableRow(lines[i] ?? '')
    )
      para.push(lines[i++]);
    out.push(`<p>${inlineMarkdown(para.join('\n'), ctx)}</p>`);
  }
  return out.join('');
}

/** The steps a streamed answer shows (task_update chunks), with their status. */
export function renderTasks(tasks) {
  const list = el('ul', 'bk-tasks');
  const icons = { pending: '○', in_progress: '◌', complete: '✓', error: '✕' };
  for (const t of tasks ?? []) {
    const li = el(
      'li',
      `bk-task bk-task-${escapeHtml(String(t.status))}`,
      `<span class="bk-task-icon">${icons[t.status] ?? '•'}</span> ${escapeHtml(String(t.title ?? ''))}`,
    );
    li.dataset.status = String(t.status);
    list.append(li);
  }
  return list;
}

function textHtml(t, ctx) {
  if (!t) return '';
  if (typeof t === 'string') return mrkdwnToHtml(t, ctx);
  if (t.type === 'plain_text') return escapeHtml(String(t.text ?? '')).replace(/\n/g, '<br>');
  return mrkdwnToHtml(t.text, ctx);
}

function plain(t) {
  if (!t) return '';
  return typeof t === 'string' ? t : String(t.text ?? '');
}

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

/**
 * Renders blocks. `ctx.surface` is "message", "modal" or "home"; `ctx.onAction(action)` is called for
 * interactive elements (immediately for buttons and for choices outside input blocks); `ctx.controls`
 * collects the inputs of a view so that its state.values can be read back.
 */
export function renderBlocks(blocks, ctx) {
  const root = el('div', 'blocks');
  for (const block of blocks ?? []) {
    const node = renderBlock(block, ctx);
    if (node) {
      if (block.block_id) node.dataset.blockId = block.block_id;
      root.append(node);
    }
  }
  return root;
}

function renderBlock(block, ctx) {
  switch (block.type) {
    case 'header':
      return el('div', 'bk-header', escapeHtml(plain(block.text)));
    case 'divider':
      return el('hr', 'bk-divider');
    case 'section': {
      const node = el('div', 'bk-section');
      const body = el('div', 'bk-section-body');
      if (block.text) body.append(el('div', 'bk-text', textHtml(block.text, ctx)));
      if (Array.isArray(block.fields)) {
        const fields = el('div', 'bk-fields');
        for (const f of block.fields) fields.append(el('div', 'bk-field', textHtml(f, ctx)));
        body.append(fields);
      }
      node.append(body);
      if (block.accessory) node.append(renderElement(block.accessory, block, ctx, false));
      return node;
    }
    case 'context': {
      const node = el('div', 'bk-context');
      for (const e of block.elements ?? []) {
        if (e.type === 'image') node.append(image(e.image_url, e.alt_text, 'bk-context-image'));
        else node.append(el('span', 'bk-context-text', textHtml(e, ctx)));
      }
      return node;
    }
    case 'image': {
      const node = el('figure', 'bk-image');
      if (block.title) node.append(el('figcaption', '', escapeHtml(plain(block.title))));
      node.append(image(block.image_url ?? block.slack_file?.url, block.alt_text, ''));
      return node;
    }
    case 'actions': {
      const node = el('div', 'bk-actions');
      for (const e of block.elements ?? []) node.append(renderElement(e, block, ctx, false));
      return node;
    }
    case 'input': {
      const node = el('div', 'bk-input');
      const label = el('label', 'bk-label', escapeHtml(plain(block.label)));
      if (block.optional) label.append(el('span', 'bk-optional', ' (optional)'));
      node.append(label);
      node.append(renderElement(block.element ?? {}, block, ctx, !block.dispatch_action));
      if (block.hint) node.append(el('div', 'bk-hint', escapeHtml(plain(block.hint))));
      node.append(el('div', 'bk-error'));
      return node;
    }
    case 'markdown':
      return el('div', 'bk-text bk-markdown', markdownToHtml(block.text, ctx));
    case 'context_actions': {
      const node = el('div', 'bk-context-actions');
      for (const e of block.elements ?? []) node.append(contextAction(e, block, ctx));
      return node;
    }
    case 'rich_text':
      return el('div', 'bk-text', richText(block.elements ?? [], ctx));
    case 'file':
      return el('div', 'bk-context', `📎 ${escapeHtml(String(block.external_id ?? 'file'))}`);
    default:
      return el('div', 'bk-unsupported', `[${escapeHtml(String(block.type))} block: not shown in the sandbox]`);
  }
}

/** feedback_buttons (👍 / 👎, the chosen one stays highlighted) or an icon_button, as in a context_actions block. */
function contextAction(e, block, ctx) {
  const send = (value) => ctx.onAction({ type: e.type, action_id: e.action_id ?? '', block_id: block.block_id ?? '', value });
  if (e.type === 'feedback_buttons') {
    const group = el('span', 'bk-feedback');
    for (const [side, b] of [
      ['positive', e.positive_button],
      ['negative', e.negative_button],
    ]) {
      const button = el('button', `bk-icon-button bk-feedback-${side}`, escapeHtml(plain(b?.text)));
      button.type = 'button';
      button.setAttribute('aria-label', b?.accessibility_label ?? (side === 'positive' ? 'Good answer' : 'Bad answer'));
      button.addEventListener('click', () => {
        for (const other of group.querySelectorAll('button')) other.classList.remove('selected');
        button.classList.add('selected');
        send(b?.value);
      });
      group.append(button);
    }
    return group;
  }
  const button = el('button', 'bk-icon-button', escapeHtml(plain(e.text)));
  button.type = 'button';
  button.addEventListener('click', () => send(e.value));
  return button;
}

function richText(elements, ctx) {
  return elements
    .map((e) => {
      const inner = () => richText(e.elements ?? [], ctx);
      switch (e.type) {
        case 'rich_text_section':
          return `<div>${inner()}</div>`;
        case 'rich_text_list':
          return `<${e.style === 'ordered' ? 'ol' : 'ul'}>${(e.elements ?? []).map((x) => `<li>${richText(x.elements ?? [], ctx)}</li>`).join('')}</${e.style === 'ordered' ? 'ol' : 'ul'}>`;
        case 'rich_text_quote':
          return `<blockquote>${inner()}</blockquote>`;
        case 'rich_text_preformatted':
          return `<pre>${inner()}</pre>`;
        case 'text': {
          let h = escapeHtml(String(e.text ?? '')).replace(/\n/g, '<br>');
          if (e.style?.code) h = `<code>${h}</code>`;
          if (e.style?.bold) h = `<b>${h}</b>`;
          if (e.style?.italic) h = `<i>${h}</i>`;
          if (e.style?.strike) h = `<s>${h}</s>`;
          return h;
        }
        case 'link': {
          const url = safeUrl(e.url);
          const label = escapeHtml(String(e.text ?? e.url ?? ''));
          return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>` : label;
        }
        case 'user':
          return `<span class="mention">@${escapeHtml(ctx.nameOf(e.user_id))}</span>`;
        case 'channel':
          return `<span class="mention">#${escapeHtml(e.channel_id)}</span>`;
        case 'emoji':
          return e.unicode
            ? String.fromCodePoint(
                ...String(e.unicode)
                  .split('-')
                  .map((h) => Number.parseInt(h, 16)),
              )
            : `:${e.name}:`;
        default:
          return '';
      }
    })
    .join('');
}

function image(src, alt, className) {
  const img = document.createElement('img');
  if (className) img.className = className;
  const url = safeUrl(src);
  if (url) img.src = url;
  img.alt = String(alt ?? '');
  return img;
}

function optionLabel(o) {
  return plain(o?.text);
}

function allOptions(e) {
  if (Array.isArray(e.options)) return e.options;
  if (Array.isArray(e.option_groups)) return e.option_groups.flatMap((g) => g.options ?? []);
  return [];
}

/**
 * One interactive element. `quiet` elements (inside input blocks) only feed the view's state; others
 * send a block_actions payload as soon as they are used.
 */
function renderElement(e, block, ctx, quiet) {
  const actionId = e.action_id ?? '';
  const blockId = block.block_id ?? '';
  const act = (extra) => {
    if (!quiet) ctx.onAction({ type: e.type, action_id: actionId, block_id: blockId, ...extra });
  };
  const register = (read) => ctx.controls?.push({ blockId, actionId, type: e.type, read });

  switch (e.type) {
    case 'button': {
      const b = el('button', `bk-button${e.style ? ` bk-${e.style}` : ''}`, escapeHtml(plain(e.text)));
      b.type = 'button';
      if (e.accessibility_label) b.setAttribute('aria-label', e.accessibility_label);
      b.addEventListener('click', () => {
        if (e.confirm && !window.confirm(`${plain(e.confirm.title)}\n\n${plain(e.confirm.text)}`)) return;
        const url = safeUrl(e.url);
        if (url) window.open(url, '_blank', 'noopener');
        ctx.onAction({
          type: 'button',
          action_id: actionId,
          block_id: blockId,
          text: e.text,
          ...(e.value !== undefined ? { value: e.value } : {}),
          ...(e.style ? { style: e.style } : {}),
        });
      });
      return b;
    }
    case 'static_select':
    case 'external_select':
    case 'overflow': {
      const s = document.createElement('select');
      s.className = 'bk-select';
      s.dataset.actionId = actionId;
      const options = allOptions(e);
      const placeholder = document.createElement('option');
      placeholder.value = '';
      placeholder.textContent = e.type === 'overflow' ? '⋯' : plain(e.placeholder) || 'Select an option';
      s.append(placeholder);
      options.forEach((o, i) => {
        const opt = document.createElement('option');
        opt.value = String(i);
        opt.textContent = optionLabel(o);
        if (e.initial_option && e.initial_option.value === o.value) opt.selected = true;
        s.append(opt);
      });
      const selected = () => (s.value === '' ? null : options[Number(s.value)]);
      register(() => ({ type: e.type, selected_option: selected() ?? null }));
      s.addEventListener('change', () => {
        const o = selected();
        if (o) act({ selected_option: o });
      });
      return s;
    }
    case 'multi_static_select':
    case 'checkboxes': {
      const box = el('div', 'bk-checkboxes');
      const options = allOptions(e);
      const inputs = options.map((o, i) => {
        const label = el('label', 'bk-check');
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.value = String(i);
        input.checked = (e.initial_options ?? []).some((x) => x.value === o.value);
        label.append(input, el('span', '', textHtml(o.text, ctx)));
        if (o.description) label.append(el('span', 'bk-hint', escapeHtml(plain(o.description))));
        box.append(label);
        input.addEventListener('change', () => act({ selected_options: read() }));
        return input;
      });
      const read = () => inputs.filter((x) => x.checked).map((x) => options[Number(x.value)]);
      register(() => ({ type: e.type, selected_options: read() }));
      return box;
    }
    case 'radio_buttons': {
      const box = el('div', 'bk-checkboxes');
      const options = allOptions(e);
      const name = `r-${blockId}-${actionId}`;
      const inputs = options.map((o, i) => {
        const label = el('label', 'bk-check');
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = name;
        input.value = String(i);
        input.checked = e.initial_option?.value === o.value;
        label.append(input, el('span', '', textHtml(o.text, ctx)));
        box.append(label);
        input.addEventListener('change', () => act({ selected_option: o }));
        return input;
      });
      const selected = () => {
        const x = inputs.find((i) => i.checked);
        return x ? options[Number(x.value)] : null;
      };
      register(() => ({ type: e.type, selected_option: selected() }));
      return box;
    }
    case 'datepicker':
    case 'timepicker': {
      const input = document.createElement('input');
      input.type = e.type === 'datepicker' ? 'date' : 'time';
      input.className = 'bk-text-input';
      input.dataset.actionId = actionId;
      if (e.initial_date) input.value = e.initial_date;
      if (e.initial_time) input.value = e.initial_time;
      const key = e.type === 'datepicker' ? 'selected_date' : 'selected_time';
      register(() => ({ type: e.type, [key]: input.value || null }));
      input.addEventListener('change', () => act({ [key]: input.value || null }));
      return input;
    }
    case 'users_select':
    case 'conversations_select':
    case 'channels_select': {
      const s = document.createElement('select');
      s.className = 'bk-select';
      s.dataset.actionId = actionId;
      const list = e.type === 'users_select' ? ctx.people.map((p) => [p.id, p.name]) : ctx.channels.map((c) => [c.id, `#${c.name}`]);
      s.append(new Option(plain(e.placeholder) || 'Select…', ''));
      for (const [id, label] of list) s.append(new Option(label, id));
      const initial = e.initial_user ?? e.initial_conversation ?? e.initial_channel;
      if (initial) s.value = initial;
      const key = { users_select: 'selected_user', conversations_select: 'selected_conversation', channels_select: 'selected_channel' }[
        e.type
      ];
      register(() => ({ type: e.type, [key]: s.value || null }));
      s.addEventListener('change', () => act({ [key]: s.value || null }));
      return s;
    }
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
    case 'rich_text_input': {
      const multiline = e.multiline || e.type === 'rich_text_input';
      const input = document.createElement(multiline ? 'textarea' : 'input');
      input.className = 'bk-text-input';
      input.dataset.actionId = actionId;
      if (!multiline) input.type = { email_text_input: 'email', url_text_input: 'url', number_input: 'text' }[e.type] ?? 'text';
      if (e.placeholder) input.placeholder = plain(e.placeholder);
      if (e.max_length) input.maxLength = e.max_length;
      if (e.initial_value !== undefined) input.value = String(e.initial_value);
      register(() => {
        const value = input.value === '' ? null : input.value;
        if (e.type === 'rich_text_input') {
          return {
            type: e.type,
            rich_text_value: {
              type: 'rich_text',
              elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: input.value }] }],
            },
          };
        }
        return { type: e.type, value };
      });
      return input;
    }
    case 'image':
      return image(e.image_url, e.alt_text, 'bk-accessory-image');
    case 'file_input': {
      // Files are stored in the fake Slack when picked, like a person's upload; the view state lists them.
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = (e.max_files ?? 10) > 1;
      input.className = 'bk-file-input';
      input.dataset.actionId = actionId;
      if (Array.isArray(e.filetypes)) input.accept = e.filetypes.map((t) => `.${t}`).join(',');
      let files = [];
      let pending = Promise.resolve();
      input.addEventListener('change', () => {
        pending = Promise.all(
          [...(input.files ?? [])].slice(0, e.max_files ?? 10).map(async (f) => {
            const bytes = new Uint8Array(await f.arrayBuffer());
            let binary = '';
            for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            const res = await fetch('/api/upload', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ user: document.body.dataset.user, name: f.name, data: btoa(binary) }),
            });
            return (await res.json()).file;
          }),
        ).then((list) => {
          files = list.filter(Boolean);
          input.dataset.uploaded = String(files.length);
        });
      });
      register(() => ({ type: 'file_input', files }));
      input.uploaded = () => pending;
      return input;
    }
    default:
      return el('span', 'bk-unsupported', `[${escapeHtml(String(e.type))}]`);
  }
}
