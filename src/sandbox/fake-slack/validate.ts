import { asObject } from './state.js';

/**
 * Block Kit checks the way Slack's Web API makes them (https://docs.slack.dev/reference/block-kit/blocks,
 * https://docs.slack.dev/reference/views): a payload real Slack refuses is refused here too, with the same
 * error name and a `[ERROR] …` line in response_metadata.messages, so that tests catch it.
 */

export const LIMITS = {
  messageText: 40_000,
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  contextActionsElements: 5,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  actionId: 255,
  blockId: 255,
  markdown: 12_000,
  modalTitle: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  choiceOptions: 10,
  placeholder: 150,
  textInput: 3000,
} as const;

export const MESSAGE_BLOCK_TYPES = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
  'plan',
  'task_card',
]);

const INTERACTIVE = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'timepicker',
  'overflow',
  'radio_buttons',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'workflow_button',
]);

const INPUT_ELEMENTS = new Set([
  ...INTERACTIVE,
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'file_input',
  'rich_text_input',
]);
INPUT_ELEMENTS.delete('button');
INPUT_ELEMENTS.delete('overflow');
INPUT_ELEMENTS.delete('workflow_button');

export type Problems = string[];

/** Problems of a message's text and blocks (chat.postMessage, chat.update, response_url…). */
export function checkMessage(
  args: Record<string, unknown>,
  options: { requireContent?: boolean } = {},
): { error: string; problems: Problems } | undefined {
  const text = args.text;
  if (typeof text === 'string' && text.length > LIMITS.messageText) return { error: 'msg_too_long', problems: ['text is too long'] };
  if (args.blocks !== undefined && !Array.isArray(args.blocks))
    return { error: 'invalid_blocks_format', problems: ['blocks must be a JSON array'] };
  const blocks = (args.blocks as unknown[] | undefined) ?? [];
  const hasText = typeof text === 'string' && text.trim() !== '';
  if (options.requireContent !== false && !hasText && blocks.length === 0 && !args.attachments) {
    return { error: 'no_text', problems: ['text or blocks is required'] };
  }
  const problems = checkBlocks(blocks, LIMITS.messageBlocks, 'message');
  return problems.length ? { error: 'invalid_blocks', problems } : undefined;
}

/** Problems of a modal or a Home tab (views.open, views.push, views.update, views.publish, response_action). */
export function checkView(raw: unknown, expected?: 'home' | 'modal'): Problems {
  const view = asObject(raw);
  const problems: Problems = [];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') return ['view.type must be "modal" or "home"'];
  if (expected && type !== expected) problems.push(`view.type must be "${expected}"`);
  if (type === 'modal') {
    plainText(view.title, 'view.title', LIMITS.modalTitle, problems, true);
    plainText(view.submit, 'view.submit', LIMITS.modalTitle, problems, false);
    plainText(view.close, 'view.close', LIMITS.modalTitle, problems, false);
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMITS.privateMetadata)
    problems.push(`view.private_metadata must be at most ${LIMITS.privateMetadata} characters`);
  if (!Array.isArray(view.blocks)) return [...problems, 'view.blocks is required'];
  problems.push(...checkBlocks(view.blocks, LIMITS.viewBlocks, type));
  const hasInput = view.blocks.some((b) => asObject(b).type === 'input');
  if (type === 'modal' && hasInput && view.submit === undefined) {
    problems.push('view.submit is required when a view has input blocks');
  }
  return problems;
}

export function checkBlocks(blocks: unknown[], max: number, surface: 'message' | 'modal' | 'home'): Problems {
  const problems: Problems = [];
  if (blocks.length > max) problems.push(`no more than ${max} items allowed [json-pointer:/blocks]`);
  const ids = new Set<string>();
  let markdown = 0;
  blocks.forEach((raw, i) => {
    const at = `/blocks/${i}`;
    const b = asObject(raw);
    const type = typeof b.type === 'string' ? b.type : '';
    if (!MESSAGE_BLOCK_TYPES.has(type)) {
      problems.push(`unsupported type: ${type || '(none)'} [json-pointer:${at}/type]`);
      return;
    }
    if (type === 'markdown' && surface !== 'message') problems.push(`markdown blocks are only allowed in messages [json-pointer:${at}]`);
    if (b.block_id !== undefined) {
      const id = String(b.block_id);
      if (id.length > LIMITS.blockId) problems.push(`block_id must be at most ${LIMITS.blockId} characters [json-pointer:${at}/block_id]`);
      if (ids.has(id)) problems.push(`duplicate block_id ${id} [json-pointer:${at}/block_id]`);
      ids.add(id);
    }
    const p = (msg: string, path = '') => problems.push(`${msg} [json-pointer:${at}${path}]`);
    switch (type) {
      case 'section':
        sectionBlock(b, p);
        break;
      case 'header':
        plainTextAt(b.text, LIMITS.headerText, p, '/text', true);
        break;
      case 'markdown': {
        const text = typeof b.text === 'string' ? b.text : undefined;
        if (text === undefined || text === '') p('must provide text', '/text');
        else if (text.length > LIMITS.markdown) p(`must be less than ${LIMITS.markdown + 1} characters`, '/text');
        markdown += text?.length ?? 0;
        break;
      }
      case 'context': {
        const elements = Array.isArray(b.elements) ? b.elements : [];
        if (elements.length === 0) p('must provide elements', '/elements');
        if (elements.length > LIMITS.contextElements) p(`no more than ${LIMITS.contextElements} items allowed`, '/elements');
        elements.forEach((e, j) => {
          const el = asObject(e);
          if (el.type === 'image') return;
          textObject(el, LIMITS.sectionText, p, `/elements/${j}`);
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(b.elements) ? b.elements : [];
        if (elements.length === 0) p('must provide elements', '/elements');
        if (elements.length > LIMITS.actionsElements) p(`no more than ${LIMITS.actionsElements} items allowed`, '/elements');
        elements.forEach((e, j) => {
          element(e, p, `/elements/${j}`, true);
        });
        break;
      }
      case 'context_actions':
        contextActionsBlock(b, p);
        break;
      case 'input':
        plainTextAt(b.label, LIMITS.inputLabel, p, '/label', true);
        if (b.hint !== undefined) plainTextAt(b.hint, LIMITS.inputLabel, p, '/hint', true);
        element(b.element, p, '/element', false);
        break;
      case 'image':
        if (typeof b.alt_text !== 'string' || !b.alt_text) p('must provide alt_text', '/alt_text');
        if (typeof b.image_url !== 'string' && b.slack_file === undefined) p('must provide image_url or slack_file');
        break;
      case 'rich_text':
        if (!Array.isArray(b.elements)) p('must provide elements', '/elements');
        break;
      case 'table':
        if (!Array.isArray(b.rows) || b.rows.length === 0) p('must provide rows', '/rows');
        break;
      default:
        break;
    }
  });
  if (markdown > LIMITS.markdown) problems.push(`the cumulative length of markdown blocks must be at most ${LIMITS.markdown} characters`);
  return problems;
}

type Report = (msg: string, path?: string) => void;

/** A section block: text or fields (each a text object, within their limits), and a valid accessory. */
function sectionBlock(b: Record<string, unknown>, p: Report): void {
  const hasText = b.text !== undefined;
  const fields = Array.isArray(b.fields) ? b.fields : undefined;
  if (!hasText && !fields) p('must provide text or fields');
  if (hasText) textObject(b.text, LIMITS.sectionText, p, '/text');
  if (fields) {
    if (fields.length > LIMITS.sectionFields) p(`no more than ${LIMITS.sectionFields} items allowed`, '/fields');
    fields.forEach((f, j) => {
      textObject(f, LIMITS.fieldText, p, `/fields/${j}`);
    });
  }
  if (b.accessory !== undefined) element(b.accessory, p, '/accessory', true);
}

/** A context_actions block: one to five feedback_buttons or icon_button elements, each with valid text and value. */
function contextActionsBlock(b: Record<string, unknown>, p: Report): void {
  const elements = Array.isArray(b.elements) ? b.elements : [];
  if (elements.length === 0) p('must provide elements', '/elements');
  if (elements.length > LIMITS.contextActionsElements) p(`no more than ${LIMITS.contextActionsElements} items allowed`, '/elements');
  elements.forEach((e, j) => {
    const el = asObject(e);
    const path = `/elements/${j}`;
    if (el.type === 'feedback_buttons') {
      for (const side of ['positive_button', 'negative_button']) {
        const btn = asObject(el[side]);
        plainTextAt(btn.text, LIMITS.buttonText, p, `${path}/${side}/text`, true);
        if (typeof btn.value !== 'string' || btn.value.length > LIMITS.buttonValue)
          p(`value must be 1 to ${LIMITS.buttonValue} characters`, `${path}/${side}/value`);
      }
    } else if (el.type === 'icon_button') {
      plainTextAt(el.text, LIMITS.buttonText, p, `${path}/text`, true);
      if (typeof el.value === 'string' && el.value.length > LIMITS.buttonValue)
        p(`must be at most ${LIMITS.buttonValue} characters`, `${path}/value`);
    } else p(`unsupported type: ${String(el.type)}`, `${path}/type`);
    actionId(el, p, path);
  });
}

function textObject(raw: unknown, max: number, p: Report, path: string): void {
  const t = asObject(raw);
  if (t.type !== 'mrkdwn' && t.type !== 'plain_text') {
    p('must be a text object (mrkdwn or plain_text)', `${path}/type`);
    return;
  }
  if (typeof t.text !== 'string' || t.text.length === 0) {
    p('must provide text', `${path}/text`);
    return;
  }
  if (t.text.length > max) p(`must be less than ${max + 1} characters`, `${path}/text`);
}

function plainTextAt(raw: unknown, max: number, p: Report, path: string, required: boolean): void {
  if (raw === undefined) {
    if (required) p('is required', path);
    return;
  }
  const t = asObject(raw);
  if (t.type !== 'plain_text') {
    p('must be a plain_text object', `${path}/type`);
    return;
  }
  if (typeof t.text !== 'string' || t.text.length === 0) {
    p('must provide text', `${path}/text`);
    return;
  }
  if (t.text.length > max) p(`must be less than ${max + 1} characters`, `${path}/text`);
}

function plainText(raw: unknown, name: string, max: number, problems: Problems, required: boolean): void {
  plainTextAt(raw, max, (msg, path = '') => problems.push(`${name}${path.replace(/^\/[^/]*/, '')} ${msg}`), `/${name}`, required);
}

function actionId(el: Record<string, unknown>, p: Report, path: string): void {
  if (typeof el.action_id === 'string' && el.action_id.length > LIMITS.actionId)
    p(`must be at most ${LIMITS.actionId} characters`, `${path}/action_id`);
}

function element(raw: unknown, p: Report, path: string, interactiveOnly: boolean): void {
  const el = asObject(raw);
  const type = typeof el.type === 'string' ? el.type : '';
  const known = interactiveOnly ? INTERACTIVE.has(type) || type === 'image' : INPUT_ELEMENTS.has(type);
  if (!known) {
    p(`unsupported type: ${type || '(none)'}`, `${path}/type`);
    return;
  }
  actionId(el, p, path);
  if (type === 'button') {
    plainTextAt(el.text, LIMITS.buttonText, p, `${path}/text`, true);
    if (typeof el.value === 'string' && el.value.length > LIMITS.buttonValue)
      p(`must be at most ${LIMITS.buttonValue} characters`, `${path}/value`);
    if (typeof el.url === 'string' && el.url.length > LIMITS.url) p(`must be at most ${LIMITS.url} characters`, `${path}/url`);
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') p('must be "primary" or "danger"', `${path}/style`);
  }
  if (el.placeholder !== undefined) plainTextAt(el.placeholder, LIMITS.placeholder, p, `${path}/placeholder`, true);
  if (type === 'plain_text_input') {
    const max = typeof el.max_length === 'number' ? el.max_length : LIMITS.textInput;
    if (max > LIMITS.textInput) p(`must be at most ${LIMITS.textInput}`, `${path}/max_length`);
    if (typeof el.initial_value === 'string' && el.initial_value.length > max)
      p('must not be longer than max_length', `${path}/initial_value`);
  }
  const options = Array.isArray(el.options) ? el.options : undefined;
  if (options) {
    const max = type === 'checkboxes' || type === 'radio_buttons' ? LIMITS.choiceOptions : LIMITS.selectOptions;
    if (options.length > max) p(`no more than ${max} items allowed`, `${path}/options`);
    options.forEach((o, j) => {
      const opt = asObject(o);
      textObject(opt.text, LIMITS.optionText, p, `${path}/options/${j}/text`);
      if (typeof opt.value !== 'string' || opt.value.length > LIMITS.optionValue)
        p(`must be 1 to ${LIMITS.optionValue} characters`, `${path}/options/${j}/value`);
    });
  }
}
