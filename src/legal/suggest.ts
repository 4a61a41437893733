import { type ChatConfig, type ChatModel, createChatModel } from '../llm/chat.js';
import { CONTROL } from './fields.js';
import type { LibraryClause, Template } from './types.js';

export interface SuggestInput {
  instructions: string;
  template: Template;
  library: LibraryClause[];
}

/** Proposes contract wording for special instructions. Its answer is always shown as a suggestion to review. */
export type Suggester = (input: SuggestInput) => Promise<string>;

const MAX_SUGGESTION = 6000;

/** A model is configured when an API key or an OpenAI-compatible base URL is set. */
export function openAiSuggester(config: ChatConfig): Suggester | undefined {
  const model = createChatModel(config);
  return model ? suggesterFor(model) : undefined;
}

/** Proposed wording from the given chat model. */
export function suggesterFor(model: ChatModel): Suggester {
  return async (input) => {
    const library = input.library.map((c) => `[${c.id}] ${c.title}\n${c.body}`).join('\n\n---\n\n');
    const text = await model.complete([
      {
        role: 'system',
        content:
          'You help a legal team draft contracts. Propose wording for the instructions below, for insertion into the named ' +
          'contract. Where an approved clause from the library fits, reuse its wording and name its id in square brackets. ' +
          'Write only the proposed contract wording in plain text, no commentary, no Markdown.',
      },
      {
        role: 'user',
        content: `Contract: ${input.template.title} (${input.template.id} v${input.template.version})\n\nClause library:\n${library || '(empty)'}\n\nInstructions:\n${input.instructions}`,
      },
    ]);
    return cleanModelText(text);
  };
}

/** Model output is untrusted: no control characters, no markup, bounded length. */
export function cleanModelText(text: string): string {
  const clean = text
    .replace(new RegExp(CONTROL.source, 'g'), '')
    .replace(/<[^>]*>/g, '')
    .replace(/\r\n?/g, '\n')
    .trim();
  return clean.length > MAX_SUGGESTION ? `${clean.slice(0, MAX_SUGGESTION)}…` : clean;
}
