import type { RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { type AgentContext, allowedTools } from '../agent/context.js';
import { runAgent } from '../agent/run.js';
import type { Audience } from '../assistant/audience.js';
import { LLM_FAILED_NOTICE } from '../assistant/model-answer.js';
import type { Answer, Turn } from '../assistant/types.js';
import type { Asker } from '../retrieval/types.js';
import type { Services } from '../services.js';
import type { Surface } from '../usage/events.js';

/** Drafting a contract: a verb of making one and a kind of contract. */
const CONTRACT = /\b(draft|prepare|write|create|start|make|need|set up)\b[\s\S]*\b(contract|nda|mnda|agreement|offer letter|dpa)s?\b/i;
/** A press report: links, or press words with a verb of reporting. */
const PRESS =
  /\b(press|coverage|media|articles?|sentiment)\b[\s\S]*\b(report|cover(ed)?|analy[sz]e|how did|tone)\b|\b(report|analy[sz]e|how did)\b[\s\S]*\b(press|coverage|media|articles?)\b/i;
const LINK = /https?:\/\/\S+/i;
/** Kiki's usage figures. */
const USAGE =
  /\b(usage|adoption|active users)\b[\s\S]*\b(figures|numbers|stats|statistics|report|how many)\b|\bhow many (people|users)\b[\s\S]*\b(use|using)\b/i;

/**
 * The message asks Kiki to do something (draft a contract, report on press coverage, show usage figures) rather
 * than to answer a question: with a model, such messages go to the agent; questions keep the streamed grounded answer.
 */
export function asksForAction(text: string): boolean {
  return CONTRACT.test(text) || PRESS.test(text) || LINK.test(text) || USAGE.test(text);
}

/** Surfaces where a person talks to Kiki directly; a channel's auto-answer never acts. */
const DIRECT: Surface[] = ['dm', 'mention', 'assistant', 'command'];

export function wantsAgent(services: Services, surface: Surface, text: string): boolean {
  return services.assistant.mode === 'llm' && Boolean(services.chat?.toolModel) && DIRECT.includes(surface) && asksForAction(text);
}

export interface AgentRequest {
  userId: string;
  surface: Surface;
  channel: string;
  threadTs?: string;
  respond?: RespondFn;
  text: string;
  history: Turn[];
  asker: Asker;
  audience?: Audience;
  outsider: boolean;
  /** Receives the reply's text as the model writes it. */
  onText?: (delta: string) => void;
}

export interface AgentReply {
  answer: Answer;
  /** Blocks after the answer's: the "Review the draft" button, usage figures. */
  blocks: KnownBlock[];
  /** The hand-off tool told the asker already: nothing more is posted. */
  handedOff: boolean;
  toolCalls: number;
}

/**
 * The agent carries out the request with the tools this person may use. When the model fails (not stopped), the
 * question gets the offline answer with the notice saying the model did not answer, as any model answer would.
 */
export async function agentReply(services: Services, client: WebClient, req: AgentRequest, stopped: () => boolean): Promise<AgentReply> {
  const ctx: AgentContext = {
    services,
    client,
    userId: req.userId,
    surface: req.surface,
    channel: req.channel,
    ...(req.threadTs ? { threadTs: req.threadTs } : {}),
    ...(req.respond ? { respond: req.respond } : {}),
    question: req.text,
    history: req.history,
    asker: req.asker,
    ...(req.audience ? { audience: req.audience } : {}),
    outsider: req.outsider,
    ...(req.onText ? { onText: req.onText } : {}),
    passages: [],
    blocks: [],
    handedOff: false,
    acted: [],
    outcomes: new Map(),
    tally: { prompt: 0, completion: 0 },
  };
  const allowed = await allowedTools(services, req.userId, req.outsider);
  try {
    const run = await runAgent(ctx, allowed, services.config.KIKI_LLM_TIMEOUT_MS);
    return { answer: run.answer, blocks: ctx.blocks, handedOff: ctx.handedOff, toolCalls: run.toolCalls };
  } catch (error) {
    if (stopped()) throw error;
    services.logger.warn({ err: error, model: services.chat?.name }, 'agent failed; answering offline');
    const answer = await services.assistant.answer({
      question: req.text,
      asker: req.asker,
      history: req.history,
      ...(req.audience ? { audience: req.audience } : {}),
      withoutModel: true,
    });
    // What the agent already did stays done (a form offered before the model failed is still offered).
    return { answer: { ...answer, notice: LLM_FAILED_NOTICE }, blocks: ctx.blocks, handedOff: ctx.handedOff, toolCalls: 0 };
  }
}
