import { type StructuredToolInterface, tool } from '@langchain/core/tools';
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { checkValue } from '../legal/fields.js';
import { findTemplate } from '../legal/registry.js';
import { escapeMrkdwn } from '../slack/blocks/escape.js';
import { type AgentContext, setOutcome, TOOL } from './context.js';

export const CONTRACT_REVIEW_ACTION = 'agent_contract_review';
/** Slack's limit on a button's value. */
const MAX_VALUE = 2000;

/** What the "Review the draft" button carries: the template and the values the agent filled (checked again on click). */
export const ReviewValue = z.object({
  t: z.string().min(1).max(100),
  v: z.record(z.string().max(100), z.string().max(1000)),
});
export type ReviewValue = z.infer<typeof ReviewValue>;

/** The button value, dropping values from the last until it fits Slack's limit. */
export function reviewValue(templateId: string, values: Record<string, string>): string {
  const entries = Object.entries(values);
  for (;;) {
    const value = JSON.stringify({ t: templateId, v: Object.fromEntries(entries) } satisfies ReviewValue);
    if (value.length <= MAX_VALUE || entries.length === 0) return value;
    entries.pop();
  }
}

export function parseReviewValue(value: string | undefined): ReviewValue | undefined {
  try {
    const parsed = ReviewValue.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function reviewBlocks(title: string, templateId: string, values: Record<string, string>): KnownBlock[] {
  return [
    {
      type: 'section',
      block_id: 'agent_contract',
      text: {
        type: 'mrkdwn',
        text: `I filled what I could of a *${escapeMrkdwn(title)}* from your message. Nothing is drafted until you check the form and press *Draft*.`,
      },
    },
    {
      type: 'actions',
      block_id: 'agent_contract_actions',
      elements: [
        {
          type: 'button',
          action_id: CONTRACT_REVIEW_ACTION,
          style: 'primary',
          text: { type: 'plain_text', text: 'Review the draft' },
          value: reviewValue(templateId, values),
        },
      ],
    },
  ];
}

/**
 * Starts a contract draft without drafting: the values the model read from the request are checked against the
 * template's fields (those that fail are left for the person), and the reply offers "Review the draft", which opens
 * the prefilled /kiki-contract modal. The draft is made only when the person submits that modal.
 */
export function contractTool(ctx: AgentContext): StructuredToolInterface {
  const contracts = ctx.services.contracts;
  const usable = () => contracts.list().filter((t) => t.errors.length === 0);
  const catalogue = usable()
    .map((t) => `${t.id} (${t.title}; fields: ${t.fields.map((f) => `${f.name}${f.required ? '*' : ''} ${f.type}`).join(', ')})`)
    .join('\n');
  return tool(
    async ({ template, values }, config) => {
      const outcome = (o: 'completed' | 'not_found' | 'refused') => setOutcome(ctx, config, o);
      if (!(await contracts.mayDraft(ctx.userId)).allowed) {
        outcome('refused');
        return 'This person may not draft contracts.';
      }
      const found = findTemplate(usable(), template);
      if (!found) {
        outcome('not_found');
        return `There is no template "${template}". Templates: ${usable()
          .map((t) => t.id)
          .join(', ')}.`;
      }
      const t = contracts.get(found.id);
      const filled: Record<string, string> = {};
      const rejected: string[] = [];
      for (const [name, raw] of Object.entries(values ?? {})) {
        const field = t.fields.find((f) => f.name === name);
        if (!field) continue;
        const checked = checkValue(field, raw.trim());
        if ('error' in checked) rejected.push(`${field.label} (${checked.error})`);
        else filled[name] = raw.trim();
      }
      ctx.blocks.push(...reviewBlocks(t.title, t.id, filled));
      ctx.acted.push(TOOL.contract);
      outcome('completed');
      const missing = t.fields.filter((f) => f.required && !filled[f.name] && !f.default).map((f) => f.label);
      return [
        `A "Review the draft" button for ${t.title} is shown below your reply; it opens the form prefilled. Nothing is drafted until the person submits it.`,
        `Filled: ${Object.keys(filled).join(', ') || 'nothing'}.`,
        missing.length ? `Still to fill in the form: ${missing.join(', ')}.` : '',
        rejected.length ? `Left out as invalid: ${rejected.join('; ')}.` : '',
        'Tell the person in one or two sentences; do not write contract text.',
      ]
        .filter(Boolean)
        .join('\n');
    },
    {
      name: TOOL.contract,
      description:
        `Start a contract from an approved template: fill the fields the request states, then the person checks and submits the form. Never drafts by itself. Templates (required fields marked *):\n${catalogue}`.slice(
          0,
          4000,
        ),
      schema: z.object({
        template: z.string().trim().min(1).max(100).describe('Template id or alias, e.g. mutual-nda'),
        values: z
          .record(z.string().max(100), z.string().max(1000))
          .optional()
          .describe('Field name to value, only what the request states (dates as YYYY-MM-DD)'),
      }),
    },
  );
}
