import type { RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Retrieved } from '../assistant/answer.js';
import type { Audience } from '../assistant/audience.js';
import type { Turn } from '../assistant/types.js';
import { mayRunSentiment } from '../comms/rights.js';
import { isAdmin } from '../config.js';
import type { Tally } from '../llm/chat.js';
import type { Asker, Passage } from '../retrieval/types.js';
import type { Services } from '../services.js';
import type { Feature, Outcome, Surface } from '../usage/events.js';

/** The tools of Kiki's agent, by the name the model calls them. */
export const TOOL = {
  search: 'search_documents',
  verified: 'read_verified_answer',
  contract: 'start_contract_draft',
  press: 'run_press_report',
  usage: 'usage_figures',
  handoff: 'hand_off_to_human',
} as const;
export type ToolName = (typeof TOOL)[keyof typeof TOOL];

/** The feature each tool's usage event counts under. */
export const TOOL_FEATURE: Record<ToolName, Feature> = {
  search_documents: 'ask',
  read_verified_answer: 'ask',
  start_contract_draft: 'contract',
  run_press_report: 'sentiment',
  usage_figures: 'report',
  hand_off_to_human: 'ask',
};

/** Who asks, where, and what the run gathered: its tools read and write here. */
export interface AgentContext {
  services: Services;
  client: WebClient;
  userId: string;
  surface: Surface;
  channel: string;
  threadTs?: string;
  respond?: RespondFn;
  /** The person's message as they wrote it. */
  question: string;
  history: Turn[];
  asker: Asker;
  /** Who reads the reply (absent: the asker alone): searches are bounded by it. */
  audience?: Audience;
  /** A guest from another organisation. */
  outsider: boolean;
  /** Receives the reply's text as the model writes it (streamed to Slack like any model answer). */
  onText?: (delta: string) => void;
  /** Every passage the model was shown, numbered in order from 1 ([n] in its answer). */
  passages: Passage[];
  /** The last search, for the offline answer when the model's is not grounded. */
  retrieved?: Retrieved;
  /** Blocks the reply carries besides the text (the "Review the draft" button, usage figures). */
  blocks: KnownBlock[];
  /** The hand-off tool ran: the asker was already told who follows up. */
  handedOff: boolean;
  /** Tools that did something besides reading (a draft form offered, a report posted, figures shown). */
  acted: ToolName[];
  /** Outcome of each tool call, by tool call id, for its usage event. */
  outcomes: Map<string, Outcome>;
  /** Tokens spent by model calls made inside tools (search queries). */
  tally: Tally;
}

/**
 * The tools this person may use: searching, verified answers and a hand-off for everyone (within their access);
 * contract drafts for the contract departments and admins; press reports for Comms and admins; usage figures for
 * admins. A guest from another organisation searches public documents only. A tool left out is never offered.
 */
export async function allowedTools(services: Services, userId: string, outsider: boolean): Promise<Set<ToolName>> {
  const allowed = new Set<ToolName>([TOOL.search, TOOL.verified, TOOL.handoff]);
  if (outsider) return new Set([TOOL.search]);
  const [contracts, press] = await Promise.all([services.contracts.mayDraft(userId), mayRunSentiment(services, userId)]);
  if (contracts.allowed) allowed.add(TOOL.contract);
  if (press) allowed.add(TOOL.press);
  if (isAdmin(services.config, userId)) allowed.add(TOOL.usage);
  return allowed;
}

/** The tool call's id, which its usage event is keyed by. */
export function callId(config: unknown): string | undefined {
  const id = (config as { toolCall?: { id?: unknown } } | undefined)?.toolCall?.id;
  return typeof id === 'string' ? id : undefined;
}

export function setOutcome(ctx: AgentContext, config: unknown, outcome: Outcome): void {
  const id = callId(config);
  if (id) ctx.outcomes.set(id, outcome);
}
