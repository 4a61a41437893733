// Block Kit and mrkdwn, rendered to DOM for the sandbox page. Enough of Slack's rendering to read what Kiki
// sends and to use every control it offers; not a pixel copy.
import { el, image, plain, renderElement, textHtml } from './elements.js';
import { escapeHtml, markdownToHtml, safeUrl } from './mrkdwn.js';

export { escapeHtml, markdownToHtml, mrkdwnToHtml, safeUrl } from './mrkdwn.js';

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
