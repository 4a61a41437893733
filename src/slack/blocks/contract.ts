import type { KnownBlock, View } from '@slack/types';
import type { Draft, FieldSpec, Template } from '../../legal/types.js';
import { escapeMrkdwn, truncate } from './escape.js';

export const CONTRACT_CALLBACK = 'kiki_contract';
export const TEMPLATE_ACTION = 'contract_template';
export const VALUE_ACTION = 'value';
export const CLAUSES_BLOCK = 'clauses';
export const INSTRUCTIONS_BLOCK = 'instructions';
export const fieldBlockId = (name: string) => `f:${name}`;
/** Slack allows 100 blocks in a modal; larger templates keep their defaults for the rest (the CLI sets them all). */
const MAX_FIELDS = 40;

export interface ContractModalMeta {
  templateId?: string;
  channel?: string;
}

export interface ClauseChoice {
  id: string;
  title: string;
  optional: boolean;
  default: boolean;
  when?: { field: string; equals?: string | boolean; in?: string[] };
}

const plain = (text: string) => ({ type: 'plain_text' as const, text: text.slice(0, 75), emoji: true });

function templateSelect(templates: Template[], selected?: Template): KnownBlock {
  const option = (t: Template) => ({ text: plain(`${t.title} (v${t.version})`), value: t.id });
  return {
    type: 'input',
    block_id: 'template',
    dispatch_action: true,
    label: plain('Template'),
    element: {
      type: 'static_select',
      action_id: TEMPLATE_ACTION,
      placeholder: plain('Choose an approved template'),
      options: templates.slice(0, 100).map(option),
      ...(selected ? { initial_option: option(selected) } : {}),
    },
  };
}

function shell(meta: ContractModalMeta, blocks: KnownBlock[], submit: boolean): View {
  return {
    type: 'modal',
    callback_id: CONTRACT_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: plain('Draft a contract'),
    close: plain('Cancel'),
    ...(submit ? { submit: plain('Draft') } : {}),
    blocks,
  };
}

/** The first step of the modal; `notice` says why the user is back at it (a template that is gone). */
export function buildTemplateChooser(templates: Template[], meta: ContractModalMeta, notice?: string): View {
  return shell(
    meta,
    [
      ...(notice ? [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(notice)}` } } as KnownBlock] : []),
      templateSelect(templates),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Only approved templates are offered. Every draft is marked *DRAFT – for legal review*.' }],
      },
    ],
    // Slack refuses a modal with an input block and no submit button (invalid_arguments).
    true,
  );
}

export function buildContractForm(
  templates: Template[],
  t: Template,
  clauses: ClauseChoice[],
  meta: ContractModalMeta,
  prefill: Record<string, string> = {},
  hasModel = false,
): View {
  const blocks: KnownBlock[] = [
    templateSelect(templates, t),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(`*${escapeMrkdwn(t.title)}* · \`${t.id}\` v${escapeMrkdwn(t.version)} · owner: ${escapeMrkdwn(t.owner)}`, 2000),
        },
      ],
    },
  ];
  const shown = [...t.fields.filter((f) => f.required), ...t.fields.filter((f) => !f.required)].slice(0, MAX_FIELDS);
  for (const f of t.fields.filter((x) => shown.includes(x))) blocks.push(fieldInput(f, prefill[f.name]));
  if (shown.length < t.fields.length) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${t.fields.length - shown.length} more optional fields keep their defaults; \`kiki contract draft\` can set them all.`,
        },
      ],
    });
  }
  const optional = clauses.filter((c) => c.optional);
  if (optional.length) {
    const option = (c: ClauseChoice) => ({ text: plain(c.title), value: c.id });
    const initial = optional.filter((c) => c.default).map(option);
    blocks.push({
      type: 'input',
      block_id: CLAUSES_BLOCK,
      optional: true,
      label: plain('Optional clauses'),
      element: {
        type: 'checkboxes',
        action_id: VALUE_ACTION,
        options: optional.slice(0, 10).map(option),
        ...(initial.length ? { initial_options: initial } : {}),
      },
    });
  }
  const conditional = clauses.filter((c) => c.when);
  if (conditional.length) {
    const labelOf = (name: string) => t.fields.find((f) => f.name === name)?.label ?? name;
    const lines = conditional.map(
      (c) =>
        `• _${escapeMrkdwn(c.title)}_ is included when *${escapeMrkdwn(labelOf(c.when?.field ?? ''))}* ${c.when?.equals !== undefined ? `is "${escapeMrkdwn(String(c.when.equals))}"` : 'is set'}`,
    );
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(lines.join('\n'), 2000) }] });
  }
  blocks.push({
    type: 'input',
    block_id: INSTRUCTIONS_BLOCK,
    optional: true,
    label: plain('Special instructions'),
    hint: plain(
      hasModel ? 'Kiki proposes wording, marked "Suggested – review required"' : 'Added to the draft as a drafting note for Legal',
    ),
    element: { type: 'plain_text_input', action_id: VALUE_ACTION, multiline: true, max_length: 2000 },
  });
  return shell({ ...meta, templateId: t.id }, blocks, true);
}

function fieldInput(f: FieldSpec, prefill?: string): KnownBlock {
  const initial = prefill ?? f.default;
  const base = {
    type: 'input' as const,
    block_id: fieldBlockId(f.name),
    optional: !f.required,
    label: plain(f.label),
    ...(f.help ? { hint: plain(f.help.slice(0, 150)) } : {}),
  };
  switch (f.type) {
    case 'date':
      return {
        ...base,
        element: {
          type: 'datepicker',
          action_id: VALUE_ACTION,
          ...(initial && /^\d{4}-\d{2}-\d{2}$/.test(initial) ? { initial_date: initial } : {}),
        },
      };
    case 'enum': {
      const options = (f.options ?? []).slice(0, 100).map((o) => ({ text: plain(o), value: o.slice(0, 150) }));
      const init = options.find((o) => o.value === initial);
      return { ...base, element: { type: 'static_select', action_id: VALUE_ACTION, options, ...(init ? { initial_option: init } : {}) } };
    }
    case 'boolean': {
      const option = { text: plain('Yes'), value: 'true' };
      return {
        ...base,
        optional: true,
        element: {
          type: 'checkboxes',
          action_id: VALUE_ACTION,
          options: [option],
          ...(initial === 'true' ? { initial_options: [option] } : {}),
        },
      };
    }
    default:
      return {
        ...base,
        element: {
          type: 'plain_text_input',
          action_id: VALUE_ACTION,
          multiline: f.type === 'long_text',
          max_length: Math.min(3000, f.maxLength),
          ...(initial ? { initial_value: initial } : {}),
          ...(f.type === 'money' ? { placeholder: plain(`e.g. ${f.currency ?? 'EUR'} 12,500`) } : {}),
        },
      };
  }
}

/** A value as a person reads it: yes/no rather than true/false, on one line. */
function shownValue(type: string, value: string): string {
  if (type === 'boolean') return value === 'true' ? 'Yes' : 'No';
  return value.replace(/\s+/g, ' ').slice(0, 200);
}

/** The DM comment that travels with the .docx: template and version, values, clauses, the draft notice. */
export function buildDraftSummary(d: Draft): string {
  const t = d.template;
  const lines = [
    `*DRAFT – for legal review* · *${escapeMrkdwn(t.title)}* (\`${t.id}\` v${escapeMrkdwn(t.version)})`,
    '',
    ...t.fields
      .filter((f) => d.values[f.name])
      .map((f) => `• ${escapeMrkdwn(f.label)}: ${escapeMrkdwn(shownValue(f.type, d.values[f.name] ?? ''))}`),
    '',
    `Clauses: ${d.clauses.length ? escapeMrkdwn((d.clauseTitles ?? d.clauses).join(', ')) : 'none beyond the standard text'}`,
  ];
  if (d.suggestion?.kind === 'suggestion')
    lines.push('Special instructions: proposed wording is in the section *Suggested – review required*.');
  if (d.suggestion?.kind === 'note') lines.push('Special instructions: added as a *Drafting note* at the end.');
  for (const w of d.warnings) lines.push(`_Note: ${escapeMrkdwn(w)}_`);
  return truncate(lines.join('\n'), 3900);
}

export function buildRefusal(departments: string[], askWho: string[]): string {
  const who = askWho.length ? ` such as ${askWho.map(escapeMrkdwn).join(', ')}` : '';
  return `Sorry, contract drafting is open to ${departments.map(escapeMrkdwn).join(', ')} and Kiki admins. Please ask someone in ${departments.map(escapeMrkdwn).join(' or ')}${who} to prepare the draft for you.`;
}
