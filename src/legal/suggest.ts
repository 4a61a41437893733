import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../config.js';
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
export function openAiSuggester(
  config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'KIKI_CHAT_MODEL' | 'KIKI_LLM_TIMEOUT_MS'>,
): Suggester | undefined {
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) return undefined;
  const model = new ChatOpenAI({
    model: config.KIKI_CHAT_MODEL,
    apiKey: config.OPENAI_API_KEY ?? 'not-needed',
    temperature: 0,
    timeout: config.KIKI_LLM_TIMEOUT_MS,
    maxRetries: 1,
    ...(config.OPENAI_BASE_URL ? { configuration: { baseURL: config.OPENAI_BASE_URL } } : {}),
  });
  return async (input) => {
    const library = input.library.map((c) => `[${c.id}] ${c.title}\n${c.body}`).join('\n\n---\n\n');
    const res = await model.invoke(
      [
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
      ],
      { signal: AbortSignal.timeout(config.KIKI_LLM_TIMEOUT_MS) },
    );
    const text = typeof res.content === 'string' ? res.content : res.content.map((c) => ('text' in c ? c.text : '')).join('');
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
