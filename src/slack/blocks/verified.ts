import type { ActionsBlock, Button, KnownBlock, ModalView } from '@slack/types';
import { REVIEW_DAYS, type VerifiedAnswer } from '../../verified/types.js';
import { ACTION, citationLabel, type HandoffValue, sanitizeAnswerText } from './answer.js';
import { escapeMrkdwn, truncate } from './escape.js';

export const VERIFIED_ACTION = {
  save: 'kiki_verified_save',
  feedbackDown: 'kiki_verified_down',
  stillRight: 'kiki_verified_still_right',
  edit: 'kiki_verified_edit',
  retire: 'kiki_verified_retire',
} as const;

export const VERIFIED_VIEW = 'kiki_verified_save_view';
export const VERIFIED_FIELDS = {
  question: 'verified_question',
  answer: 'verified_answer',
  visibleTo: 'verified_visible_to',
  review: 'verified_review',
  sources: 'verified_sources',
} as const;

export function longDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function teamLabel(team: string): string {
  return /\bteam$/i.test(team) ? team : `${team} team`;
}

export interface VerifiedBlockOptions {
  eventId: string;
  verifierName: string;
  due: boolean;
  shareable?: boolean;
}

/** A verified answer: marked so nobody takes it for a quote, then the team's text, its sources and the usual buttons. */
export function buildVerifiedAnswerBlocks(a: VerifiedAnswer, o: VerifiedBlockOptions): KnownBlock[] {
  const mark = `:white_check_mark: *Verified* answer from *${escapeMrkdwn(teamLabel(a.team))}*, verified by ${escapeMrkdwn(o.verifierName)} on ${longDate(a.verifiedAt)}`;
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: o.due ? `${mark} · :hourglass: due for review` : mark }] },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(sanitizeAnswerText(a.answer)) } },
  ];
  if (a.sources.length) {
    const lines = a.sources.map((c) => `[${c.n}] ${citationLabel(c)}`).join('\n');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`*Sources*\n${lines}`) }] });
  }
  const human: HandoffValue = { e: o.eventId, q: a.question.slice(0, 1200), o: [a.team] };
  const elements: Button[] = [
    { type: 'button', action_id: ACTION.feedbackUp, text: { type: 'plain_text', text: '👍', emoji: true }, value: o.eventId },
    {
      type: 'button',
      action_id: VERIFIED_ACTION.feedbackDown,
      text: { type: 'plain_text', text: '👎', emoji: true },
      value: JSON.stringify({ e: o.eventId, v: a.id }),
    },
    { type: 'button', action_id: ACTION.handoff, text: { type: 'plain_text', text: 'Talk to a human' }, value: JSON.stringify(human) },
  ];
  if (o.shareable) {
    elements.push({
      type: 'button',
      action_id: ACTION.share,
      text: { type: 'plain_text', text: 'Share in channel' },
      value: JSON.stringify({ e: o.eventId, q: a.question.slice(0, 1500) }),
    });
  }
  blocks.push({ type: 'actions', block_id: 'kiki_answer_actions', elements });
  return blocks;
}

export function verifiedFallbackText(a: VerifiedAnswer): string {
  return truncate(`Verified answer from ${teamLabel(a.team)}: ${sanitizeAnswerText(a.answer)}`, 3000);
}

/** Posted in the hand-off thread once the team has replied. */
export function buildSaveOfferBlocks(handoffId: string): KnownBlock[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Will others ask this too? Save the reply as a verified answer and Kiki will give it to the next person who asks the same thing.',
      },
    },
    {
      type: 'actions',
      block_id: 'kiki_verified_offer',
      elements: [
        { type: 'button', action_id: VERIFIED_ACTION.save, text: { type: 'plain_text', text: 'Save as answer' }, value: handoffId },
      ],
    },
  ];
}

export interface SaveModalInput {
  /** handoff:<id> or edit:<answer id>, returned in private_metadata. */
  metadata: string;
  question: string;
  answer: string;
  departments: string[];
  visibleTo?: string[];
  reviewDays: number;
  title?: string;
  /**
   * The sections Kiki cited before the hand-off (plain "Title › Heading" labels). The asker wanted a person after
   * that answer, so none is kept unless the team picks it.
   */
  sources?: string[];
}

const EVERYONE = '__everyone__';

/** The Save as answer / Edit modal: pre-filled so that submitting it unchanged works. */
export function buildSaveModal(m: SaveModalInput): ModalView {
  const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text: text.slice(0, 75) }, value });
  const departments = [...new Set([...m.departments, ...(m.visibleTo ?? [])])].slice(0, 99);
  const everyone = option('Everyone', EVERYONE);
  const initialVisible = m.visibleTo?.length ? m.visibleTo.map((d) => option(d, d)) : [everyone];
  const review = REVIEW_DAYS.map((d) => option(`${d} days`, String(d)));
  return {
    type: 'modal',
    callback_id: VERIFIED_VIEW,
    private_metadata: m.metadata,
    title: { type: 'plain_text', text: m.title ?? 'Save as answer' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: VERIFIED_FIELDS.question,
        label: { type: 'plain_text', text: 'Question' },
        hint: { type: 'plain_text', text: 'Make it general: others will ask it in their own words.' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          initial_value: m.question.slice(0, 500),
          max_length: 500,
        },
      },
      {
        type: 'input',
        block_id: VERIFIED_FIELDS.answer,
        label: { type: 'plain_text', text: 'Answer' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          initial_value: m.answer.slice(0, 2900),
          max_length: 2900,
        },
      },
      {
        type: 'input',
        block_id: VERIFIED_FIELDS.visibleTo,
        label: { type: 'plain_text', text: 'Visible to' },
        element: {
          type: 'multi_static_select',
          action_id: 'value',
          options: [everyone, ...departments.map((d) => option(d, d))],
          initial_options: initialVisible,
        },
      },
      {
        type: 'input',
        block_id: VERIFIED_FIELDS.review,
        label: { type: 'plain_text', text: 'Review every' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: review,
          initial_option: review.find((o) => o.value === String(m.reviewDays)) ?? (review[1] as (typeof review)[number]),
        },
      },
      ...(m.sources?.length
        ? [
            {
              type: 'input' as const,
              block_id: VERIFIED_FIELDS.sources,
              optional: true,
              label: { type: 'plain_text' as const, text: 'Sources to show with the answer' },
              hint: {
                type: 'plain_text' as const,
                text: 'What Kiki cited before the hand-off. Keep only the documents this answer relies on.',
              },
              element: {
                type: 'multi_static_select' as const,
                action_id: 'value',
                placeholder: { type: 'plain_text' as const, text: 'None' },
                options: m.sources.slice(0, 100).map((label, i) => option(label, String(i))),
              },
            },
          ]
        : []),
    ],
  };
}

/** Reads the submitted modal; everyone wins over departments if both are picked. */
export function readSaveModal(
  values: Record<
    string,
    Record<string, { value?: string | null; selected_options?: { value: string }[]; selected_option?: { value: string } | null }>
  >,
) {
  const question = values[VERIFIED_FIELDS.question]?.value?.value?.trim() ?? '';
  const answer = values[VERIFIED_FIELDS.answer]?.value?.value?.trim() ?? '';
  const picked = (values[VERIFIED_FIELDS.visibleTo]?.value?.selected_options ?? []).map((o) => o.value);
  const visibleTo = picked.length === 0 || picked.includes(EVERYONE) ? undefined : picked;
  const reviewDays = Number(values[VERIFIED_FIELDS.review]?.value?.selected_option?.value ?? 90);
  const sourceIndexes = (values[VERIFIED_FIELDS.sources]?.value?.selected_options ?? []).map((o) => Number(o.value));
  return { question, answer, visibleTo, reviewDays, sourceIndexes };
}

/** The DM to the verifier when an answer is past its review date (or got a 👎). */
export function buildReviewBlocks(a: VerifiedAnswer, reason: 'due' | 'downvote'): KnownBlock[] {
  const why =
    reason === 'due'
      ? `:hourglass: Your verified answer is due for review (verified on ${longDate(a.verifiedAt)}). Kiki still gives it, marked "due for review".`
      : ':thumbsdown: Someone found your verified answer unhelpful (👎). Is it still right?';
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: 'kiki_verified_review',
    elements: [
      {
        type: 'button',
        action_id: VERIFIED_ACTION.stillRight,
        style: 'primary',
        text: { type: 'plain_text', text: 'Still right' },
        value: a.id,
      },
      { type: 'button', action_id: VERIFIED_ACTION.edit, text: { type: 'plain_text', text: 'Edit' }, value: a.id },
      { type: 'button', action_id: VERIFIED_ACTION.retire, style: 'danger', text: { type: 'plain_text', text: 'Retire' }, value: a.id },
    ],
  };
  return [
    { type: 'section', text: { type: 'mrkdwn', text: why } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(a.question)}*\n${sanitizeAnswerText(a.answer)}`, 2500) },
    },
    actions,
  ];
}
