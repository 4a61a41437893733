// Block Kit's interactive elements (buttons, menus, pickers, inputs), rendered to DOM for the sandbox page, and
// the small DOM helpers blocks.js shares with them.
import { escapeHtml, mrkdwnToHtml, safeUrl } from './mrkdwn.js';

/** A text object (mrkdwn or plain_text) or a mrkdwn string, as HTML. */
export function textHtml(t, ctx) {
  if (!t) return '';
  if (typeof t === 'string') return mrkdwnToHtml(t, ctx);
  if (t.type === 'plain_text') return escapeHtml(String(t.text ?? '')).replace(/\n/g, '<br>');
  return mrkdwnToHtml(t.text, ctx);
}

/** The bare text of a text object or string. */
export function plain(t) {
  if (!t) return '';
  return typeof t === 'string' ? t : String(t.text ?? '');
}

/** A DOM element with an optional class and inner HTML. */
export function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

/** An image whose source is only set to a safe URL. */
export function image(src, alt, className) {
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
export function renderElement(e, block, ctx, quiet) {
  const actionId = e.action_id ?? '';
  const blockId = block.block_id ?? '';
  const act = (extra) => {
    if (!quiet) ctx.onAction({ type: e.type, action_id: actionId, block_id: blockId, ...extra });
  };
  const register = (read) => ctx.controls?.push({ blockId, actionId, type: e.type, read });
  const control = { actionId, blockId, act, register };

  switch (e.type) {
    case 'button':
      return buttonElement(e, ctx, control);
    case 'static_select':
    case 'external_select':
    case 'overflow':
      return selectElement(e, control);
    case 'multi_static_select':
    case 'checkboxes':
      return checkboxesElement(e, ctx, control);
    case 'radio_buttons':
      return radioButtonsElement(e, ctx, control);
    case 'datepicker':
    case 'timepicker':
      return dateTimeElement(e, control);
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return workspaceSelectElement(e, ctx, control);
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
    case 'rich_text_input':
      return textInputElement(e, control);
    case 'image':
      return image(e.image_url, e.alt_text, 'bk-accessory-image');
    case 'file_input':
      return fileInputElement(e, control);
    default:
      return el('span', 'bk-unsupported', `[${escapeHtml(String(e.type))}]`);
  }
}

/** A button: runs its confirm dialog and opens its URL, if any, then sends the click. */
function buttonElement(e, ctx, control) {
  const { actionId, blockId } = control;
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

/** A static, external or overflow menu, as a native select; choosing an option sends it. */
function selectElement(e, control) {
  const { actionId, act, register } = control;
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

/** Checkboxes (also used for a multi-select): each change sends every ticked option. */
function checkboxesElement(e, ctx, control) {
  const { act, register } = control;
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

/** Radio buttons: picking one sends it. */
function radioButtonsElement(e, ctx, control) {
  const { actionId, blockId, act, register } = control;
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

/** A date or time picker, as a native input. */
function dateTimeElement(e, control) {
  const { actionId, act, register } = control;
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

/** A people, conversation or channel picker, listing the workspace's people or channels. */
function workspaceSelectElement(e, ctx, control) {
  const { actionId, act, register } = control;
  const s = document.createElement('select');
  s.className = 'bk-select';
  s.dataset.actionId = actionId;
  const list = e.type === 'users_select' ? ctx.people.map((p) => [p.id, p.name]) : ctx.channels.map((c) => [c.id, `#${c.name}`]);
  s.append(new Option(plain(e.placeholder) || 'Select…', ''));
  for (const [id, label] of list) s.append(new Option(label, id));
  const initial = e.initial_user ?? e.initial_conversation ?? e.initial_channel;
  if (initial) s.value = initial;
  const key = { users_select: 'selected_user', conversations_select: 'selected_conversation', channels_select: 'selected_channel' }[e.type];
  register(() => ({ type: e.type, [key]: s.value || null }));
  s.addEventListener('change', () => act({ [key]: s.value || null }));
  return s;
}

/** A text, email, URL, number or rich text input; its value only feeds the view state. */
function textInputElement(e, control) {
  const { actionId, register } = control;
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

/** A file input; `input.uploaded()` waits until the files picked last are stored. */
function fileInputElement(e, control) {
  const { actionId, register } = control;
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
