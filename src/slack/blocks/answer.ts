import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { reply } from '../../assistant/language.js';
import type { Answer, Citation } from '../../assistant/types.js';
import { escapeEntities, escapeMrkdwn, truncate } from './escape.js';
import { revealLinks } from './links.js';
import { markdownToPlain, streamedMarkdown, toSlackMarkdown } from './markdown.js';

export const ACTION = {
  /** 👍 / 👎 as Slack's feedback_buttons (one action, its value says which). */
  feedback: 'kiki_feedback',
  /** The separate 👍 / 👎 buttons of answers posted before feedback_buttons: still handled. */
  feedbackUp: 'kiki_feedback_up',
  feedbackDown: 'kiki_feedback_down',
  handoff: 'kiki_handoff',
  share: 'kiki_share',
  resolve: 'kiki_handoff_resolve',
} as const;

export const FEEDBACK_NOTE_VIEW = 'kiki_feedback_note';

/** What the "Talk to a human" button carries: Slack keeps it, so Kiki stores no question text for it. */
export interface HandoffValue {
  /** Usage event of the answer. */
  e: string;
  /** The question (clipped). */
  q: string;
  /** Owners of the best sources. */
  o: string[];
}

export interface AnswerBlockOptions {
  eventId: string;
  /** The answer text already reached Slack as a stream: only the rest (sources, buttons) is added. */
  streamed?: boolean;
  /** An ephemeral /kiki answer: add "Share in channel". */
  shareable?: boolean;
}

export const NOT_FOUND_TEXT = "I couldn't find this in our documents, and I'd rather say so than guess.";

/**
 * Text written by the model or quoted from documents: entities escaped (no <!channel>, no links it made up),
 * @channel/@here defused, Markdown bold turned into Slack's. Kiki's own framing stays formatted.
 */
export function sanitizeAnswerText(text: string): string {
  return escapeEntities(revealLinks(text))
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1')
    .replace(/\*\*(.+?)\*\*/g, '*$1*');
}

/**
 * Markdown streamed to Slack (chat.appendStream takes standard Markdown: no entities, **bold** stays). Links the
 * model wrote show their address (links.ts): no label hides where a link goes.
 */
export function sanitizeStreamedText(text: string): string {
  return streamedMarkdown(revealLinks(text));
}

/** What a feedback_buttons click carries: which button, and the answer's usage event. */
export function feedbackValue(kind: 'up' | 'down', eventId: string): string {
  return `${kind}:${eventId}`;
}

export function parseFeedbackValue(value: string): { kind: 'up' | 'down'; eventId: string } | undefined {
  const m = /^(up|down):(.+)$/.exec(value);
  return m ? { kind: m[1] as 'up' | 'down', eventId: m[2] as string } : undefined;
}

export function citationLabel(c: Citation): string {
  const name = c.heading && c.heading !== c.title ? `${c.title} › ${lastPart(c.heading)}` : c.title;
  const safe = escapeMrkdwn(name).replace(/\|/g, '¦');
  return c.url && /^https?:\/\//.test(c.url) ? `<${c.url.replace(/[<>|]/g, '')}|${safe}>` : `${safe} (\`${escapeEntities(c.source)}\`)`;
}

/** The reply to a question: the answer or an honest "not found", numbered sources, and the buttons. */
export function buildAnswerBlocks(answer: Answer, options: AnswerBlockOptions): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (answer.notice)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:information_source: ${escapeMrkdwn(answer.notice)}` }] });
  const found = answer.citations.length > 0;
  const lang = answer.language as Parameters<typeof reply>[0];
  if (answer.state === 'chat') {
    // Kiki's own replies (the glossary): their *Talk to a human* stays bold, pings are still defused.
    const own = escapeEntities(answer.text).replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
    blocks.push({ type: 'section', block_id: 'kiki_chat', text: { type: 'mrkdwn', text: truncate(own) } });
  } else if (answer.state === 'closest' && answer.closest?.length) {
    // Kiki's own sentences (glossary constants) keep their formatting; only what people or documents wrote is escaped.
    blocks.push({ type: 'section', block_id: 'kiki_closest', text: { type: 'mrkdwn', text: escapeEntities(reply(lang, 'closest')) } });
    // The best excerpt in the documents' own words, framed above as possibly not answering.
    if (answer.text && !options.streamed)
      blocks.push({ type: 'markdown', block_id: 'kiki_closest_excerpt', text: toSlackMarkdown(revealLinks(answer.text)) } as KnownBlock);
    blocks.push({
      type: 'section',
      block_id: 'kiki_closest_links',
      text: { type: 'mrkdwn', text: truncate(answer.closest.map((c) => `• ${citationLabel(c)}`).join('\n')) },
    });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeEntities(reply(lang, 'talkToHuman')) }] });
  } else if (!found) {
    const missing = answer.missingSubject
      ? `${reply(lang, 'missingSubject').replace('{subject}', `*${escapeMrkdwn(answer.missingSubject).slice(0, 100)}*`)}\n`
      : '';
    blocks.push({
      type: 'section',
      block_id: 'kiki_not_found',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `${missing}${reply(lang, 'notFound')}\n> ${escapeMrkdwn(answer.question.replace(/\s+/g, ' ')).slice(0, 500)}\n${reply(lang, 'talkToHuman')}`,
        ),
      },
    });
  } else if (!options.streamed) {
    blocks.push({ type: 'markdown', text: toSlackMarkdown(revealLinks(answer.text)) } as KnownBlock);
  }
  if (found) {
    const lines = answer.citations.map((c) => `[${c.n}] ${citationLabel(c)}`).join('\n');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`*Sources*\n${lines}`) }] });
  }
  if (answer.frustrated && found) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: "Sorry this isn't helping. A person who owns this topic can take it from here." },
    });
  }
  if (found && answer.state !== 'chat') blocks.push(feedbackButtons(options.eventId));
  blocks.push(answerActions(answer, options));
  return blocks;
}

/** 👍 / 👎 the Slack way: feedback_buttons in a context_actions block; Slack shows the choice, the last click counts. */
function feedbackButtons(eventId: string): KnownBlock {
  return {
    type: 'context_actions',
    block_id: 'kiki_feedback',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTION.feedback,
        positive_button: {
          text: { type: 'plain_text', text: '👍' },
          accessibility_label: 'Good answer',
          value: feedbackValue('up', eventId),
        },
        negative_button: {
          text: { type: 'plain_text', text: '👎' },
          accessibility_label: 'Bad answer',
          value: feedbackValue('down', eventId),
        },
      },
    ],
  } as KnownBlock;
}

/** Slack refuses a button value over 2,000 characters. */
export const MAX_BUTTON_VALUE = 2000;

/**
 * A button value holding a question, as JSON within Slack's limit: the question is clipped until the
 * encoded value fits (quotes, backslashes and newlines take two characters once JSON-escaped).
 */
export function fitValue(question: string, build: (q: string) => unknown, max = MAX_BUTTON_VALUE): string {
  let q = question.slice(0, max);
  let value = JSON.stringify(build(q));
  while (value.length > max && q.length > 0) {
    q = q.slice(0, Math.max(0, q.length - Math.max(1, Math.ceil((value.length - max) / 2))));
    value = JSON.stringify(build(q));
  }
  return value;
}

function answerActions(answer: Answer, options: AnswerBlockOptions): ActionsBlock {
  const owners = answer.owners.slice(0, 3);
  const handoffValue = fitValue(answer.question.slice(0, 1200), (q): HandoffValue => ({ e: options.eventId, q, o: owners }));
  const human: Button = {
    type: 'button',
    action_id: ACTION.handoff,
    text: { type: 'plain_text', text: 'Talk to a human' },
    value: handoffValue,
  };
  if (answer.citations.length === 0 || answer.frustrated) human.style = 'primary';
  const elements: Button[] = [human];
  if (options.shareable && answer.citations.length > 0) {
    elements.push({
      type: 'button',
      action_id: ACTION.share,
      text: { type: 'plain_text', text: 'Share in channel' },
      value: fitValue(answer.question.slice(0, 1500), (q) => ({ e: options.eventId, q })),
    });
  }
  return { type: 'actions', block_id: 'kiki_answer_actions', elements };
}

/** The notification text (push, screen readers) and what the thread history reads back. */
export function answerFallbackText(answer: Answer): string {
  const lang = answer.language as Parameters<typeof reply>[0];
  if (answer.state === 'chat') return truncate(escapeEntities(answer.text), 3000);
  if (answer.state === 'closest') return reply(lang, 'closest');
  if (answer.citations.length === 0) return lang === 'en' ? NOT_FOUND_TEXT : reply(lang, 'notFound');
  return truncate(markdownToPlain(revealLinks(answer.text)), 3000);
}

function lastPart(heading: string): string {
  const parts = heading.split(' › ');
  return parts[parts.length - 1] ?? heading;
}
