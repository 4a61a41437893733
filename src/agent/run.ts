import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { createAgent, createMiddleware } from 'langchain';
import { citationsFor, dropInvalidMarkers, NOT_FOUND, tidy } from '../assistant/citations.js';
import { checkGrounding } from '../assistant/grounding.js';
import { soundsFrustrated } from '../assistant/intent.js';
import { questionLanguage } from '../assistant/language.js';
import { LLM_UNCITED_NOTICE, LLM_UNSUPPORTED_NOTICE } from '../assistant/model-answer.js';
import type { Answer } from '../assistant/types.js';
import { callSignal, type Tally } from '../llm/chat.js';
import { type AgentContext, TOOL_FEATURE, type ToolName } from './context.js';
import { buildTools } from './tools.js';

/** Model turns one request may take (each tool round is two steps of the graph). */
const RECURSION_LIMIT = 12;

const SYSTEM_PROMPT = [
  'You are Kiki, the internal assistant of the company, talking to an employee in Slack.',
  'Use the tools to do what they ask. Facts about the company come only from search_documents or read_verified_answer:',
  'answer from those passages alone, cite every sentence with its [n], and if they do not answer, say you did not find it.',
  'For a contract, call start_contract_draft with the values the request states: the person then checks the form; never',
  'write contract text yourself. Never invent links, figures or names. Reply briefly, in the language of the person.',
].join(' ');

export interface AgentRun {
  answer: Answer;
  /** Tool calls the model made. */
  toolCalls: number;
}

type Usage = { input_tokens?: number; output_tokens?: number };
const usageOf = (m: BaseMessage | undefined): Usage | undefined => (m as { usage_metadata?: Usage } | undefined)?.usage_metadata;

/** Every tool call is a usage event: the tool, its outcome, and the tokens of the model call that asked for it. */
function recordToolCalls(ctx: AgentContext, counted: { calls: number }) {
  return createMiddleware({
    name: 'KikiToolUsage',
    wrapToolCall: async (request, handler) => {
      counted.calls += 1;
      const started = performance.now();
      const name = request.toolCall.name as ToolName;
      const asking = usageOf(request.state.messages.at(-1));
      let failed = false;
      try {
        return await handler(request);
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        const id = request.toolCall.id;
        ctx.services.usage.record({
          name: `agent.${name}`,
          userId: ctx.userId,
          feature: TOOL_FEATURE[name] ?? 'ask',
          surface: ctx.surface,
          outcome: failed ? 'error' : ((id ? ctx.outcomes.get(id) : undefined) ?? 'completed'),
          latencyMs: performance.now() - started,
          meta: {
            tool: name,
            agent: true,
            ...(asking ? { promptTokens: asking.input_tokens ?? 0, completionTokens: asking.output_tokens ?? 0 } : {}),
          },
        });
      }
    },
  });
}

const textOf = (m: BaseMessage | undefined): string => {
  if (!m) return '';
  if (typeof m.content === 'string') return m.content;
  return m.content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join('');
};

/**
 * One request carried out by the tool-calling agent (LangChain's createAgent on the configured OpenAI model), with
 * the tools this person may use. Throws when the model fails: the caller answers offline instead.
 */
export async function runAgent(ctx: AgentContext, allowed: Set<ToolName>, timeoutMs: number): Promise<AgentRun> {
  const started = performance.now();
  const chat = ctx.services.chat;
  if (!chat?.toolModel) throw new Error('no tool-calling model configured');
  const model = await chat.toolModel();
  const counted = { calls: 0 };
  const agent = createAgent({
    model,
    tools: buildTools(ctx, allowed),
    systemPrompt: SYSTEM_PROMPT,
    middleware: [recordToolCalls(ctx, counted)],
  });
  const messages = [...ctx.history.map((t) => ({ role: t.role, content: t.text })), { role: 'user' as const, content: ctx.question }];
  // Each model call has the configured timeout; the whole run a few of them, and Slack's stop button ends it.
  const stream = await agent.stream(
    { messages },
    { signal: callSignal(timeoutMs * 4), recursionLimit: RECURSION_LIMIT, streamMode: ['messages', 'values'] },
  );
  let final: BaseMessage[] = [];
  for await (const [mode, chunk] of stream) {
    if (mode === 'values') final = (chunk as { messages: BaseMessage[] }).messages;
    else forwardText(ctx, (chunk as [BaseMessage, unknown])[0]);
  }
  const tokens: Tally = { ...ctx.tally };
  for (const m of final) {
    const u = m.type === 'ai' ? usageOf(m) : undefined;
    tokens.prompt += u?.input_tokens ?? 0;
    tokens.completion += u?.output_tokens ?? 0;
  }
  const modelMs = performance.now() - started;
  return { answer: checkedAnswer(ctx, textOf(final.at(-1)), tokens, modelMs), toolCalls: counted.calls };
}

/**
 * The model's words as they come (a model round's text, not its tool calls, not a tool's output), to the person.
 * Once the hand-off tool has told the asker who follows up, nothing more is shown (as before streaming).
 */
function forwardText(ctx: AgentContext, m: BaseMessage): void {
  if (!ctx.onText || ctx.handedOff || !AIMessageChunk.isInstance(m)) return;
  if ((m.tool_call_chunks?.length ?? 0) > 0) return;
  const text = textOf(m);
  if (text) ctx.onText(text);
}

const DONE: Partial<Record<ToolName, string>> = {
  start_contract_draft: 'I prepared the contract form from your message: check it with *Review the draft* below.',
  run_press_report: 'The press sentiment report is posted above.',
  usage_figures: "Here are Kiki's adoption figures.",
};

function actionSummary(acted: ToolName[]): string {
  return (
    [...new Set(acted)]
      .map((t) => DONE[t] ?? '')
      .filter(Boolean)
      .join('\n') || 'Done.'
  );
}

/**
 * The agent's reply as an Answer. When it read documents, its text passes the checks a model answer passes: markers
 * only to passages it was shown, sentences unsupported by their passages removed, and an answer that cites nothing or
 * is mostly unsupported replaced by the offline answer with the notice saying so. Without documents (it only acted),
 * its short reply is Kiki's own words.
 */
export function checkedAnswer(ctx: AgentContext, raw: string, tokens: Tally, modelMs: number): Answer {
  const question = ctx.question;
  const language = questionLanguage(question);
  const r = ctx.retrieved;
  const base = {
    question,
    query: r?.query ?? question,
    language,
    frustrated: soundsFrustrated(question),
    mode: 'llm' as const,
    ...(tokens.prompt || tokens.completion ? { tokens } : {}),
    ...(r?.withheld ? { withheld: r.withheld } : {}),
    timings: { retrievalMs: r?.retrievalMs ?? 0, totalMs: modelMs, modelMs },
  };
  const owners = [...new Set(ctx.passages.flatMap((p) => (p.owner ? [p.owner] : [])))];
  const passages = ctx.passages;
  if (passages.length === 0) {
    return { ...base, text: raw.trim() || 'Done.', state: 'chat', grounded: false, citations: [], owners };
  }
  if (raw.trim().startsWith(NOT_FOUND) && ctx.acted.length === 0)
    return { ...base, text: '', state: 'not_found', grounded: false, citations: [], owners };
  const grounding = checkGrounding(tidy(dropInvalidMarkers(raw, passages.length)), passages);
  const citations = citationsFor(grounding.text, passages);
  const mostlyUnsupported = grounding.claims > 0 && grounding.unsupported / grounding.claims > 0.5;
  if (!mostlyUnsupported && citations.length > 0)
    return { ...base, text: grounding.text, state: 'answer', grounded: true, citations, owners };
  // It searched and then acted (a form offered, a report posted): the action is said in Kiki's own words, the
  // model's uncited sentences are not shown.
  if (ctx.acted.length > 0) return { ...base, text: actionSummary(ctx.acted), state: 'chat', grounded: false, citations: [], owners };
  const notice = mostlyUnsupported ? LLM_UNSUPPORTED_NOTICE : LLM_UNCITED_NOTICE;
  if (!r) return { ...base, text: '', state: 'not_found', grounded: false, citations: [], owners, notice };
  const offline = ctx.services.assistant.offline(r);
  return { ...base, ...offline, mode: 'offline', owners, notice };
}
