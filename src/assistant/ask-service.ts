import { modelSignal } from '../llm/chat.js';
import type { Logger } from '../logger.js';
import type { Asker } from '../retrieval/types.js';
import type { Surface, UsageRecorder } from '../usage/events.js';
import { gapFacts } from '../usage/gaps.js';
import type { VerifiedAnswers, VerifiedMatch } from '../verified/service.js';
import type { AnswerService } from './answer.js';
import { type Audience, audienceMayRead } from './audience.js';
import { wantsHuman } from './intent.js';
import type { RoutingTable } from './routing.js';
import { preferredTeam } from './team-preference.js';
import type { Answer, AskInput, LiveCandidates, Turn } from './types.js';

/**
 * The one conductor for a question, whatever the surface (Slack DM, mention, pane, /kiki, App Home, the CLI):
 * verified answer → documents (or the agent) → answer → usage event. It decides and records; delivering is the
 * caller's (progress, streaming, posting, buttons, crash resumption), told only through the hooks of a request.
 *
 *   surface ──ask(request)──▶ AskService ──▶ verified answers ─┐
 *                                         └─▶ documents/agent ─┴─▶ usage event ──result──▶ surface
 */

/** The person asked for a human: who to hand off, with what subject (decided from the thread, before anything else). */
export interface HandoffRequest {
  /** The question that started the thread (or this message). */
  question: string;
  /** Every question of the thread, when there were several. */
  subject?: string;
  /** What Kiki last answered in the thread. */
  answerText?: string;
}

/** A message that asks for a human gets a hand-off instead of an answer; the thread's first question is its subject. */
export function handoffRequest(text: string, history: Turn[]): HandoffRequest | undefined {
  if (!wantsHuman(text)) return undefined;
  const asked = history.filter((t) => t.role === 'user' && !wantsHuman(t.text)).map((t) => t.text);
  const previousAnswer = [...history].reverse().find((t) => t.role === 'assistant');
  return {
    question: asked[0] ?? text,
    ...(asked.length > 1 ? { subject: asked.join('\n') } : {}),
    ...(previousAnswer ? { answerText: previousAnswer.text } : {}),
  };
}

/** What answered instead of the documents (the Slack agent with a model): its answer, and whether it handed off. */
export interface Acted {
  answer: Answer;
  /** The agent handed the question to a human: the hand-off told the asker, nothing more is said. */
  handedOff?: boolean;
  toolCalls?: number;
}

/** What the caller shows while the documents are searched. */
export interface Searching {
  /** Receives the answer text as the model writes it. */
  onText?: (delta: string) => void;
  /** Aborted when the person stops the answer (Slack's stop button). */
  signal?: AbortSignal;
}

export interface AskRequest<Reason extends string = string> {
  /** As the person typed it (entities already decoded), trimmed. */
  question: string;
  asker: Asker;
  /** Who asked, for the usage event (a Slack user id, or "cli"). */
  userId: string;
  surface: Surface;
  /** The thread so far, without the question itself. */
  history?: Turn[];
  /** Who reads the place where the answer appears (absent: the asker alone). */
  audience?: Audience;
  /** The team whose channel the asker is viewing: its documents are preferred when as relevant. */
  preferTeam?: string;
  /** The idempotency key of the usage event (an event resumed after a crash replaces its first attempt's). */
  usageKey?: string;
  /** When the question arrived (performance.now()), for the latency of the usage event. */
  started?: number;
  /** Candidates found for this question only, beside the documents (Slack's Real-time Search); never stored. */
  liveCandidates?: LiveCandidates;
  /** Look for a verified answer first (default true; a channel's auto-answer keeps to the documents). */
  verifiedFirst?: boolean;
  /**
   * A reason not to give this answer (a channel's stricter rule, its daily cap): the answer is declined, nothing is
   * recorded, and the caller stays silent.
   */
  decline?: (answer: Answer) => Promise<Reason | undefined>;
  /** More facts for the usage event (never text). */
  meta?: Record<string, unknown>;
  /** Answers instead of the documents (the agent); a request with it never gets a verified answer. */
  act?: (input: AskInput) => Promise<Acted>;
  /**
   * No verified answer: the documents are about to be searched. The caller shows progress here and may return
   * where streamed text goes and the signal that stops the answer. Throwing here ends the request (e.g. no index).
   */
  searching?: () => Promise<Searching | undefined> | Searching | undefined;
}

export type AskResult<Reason extends string = string> =
  | { kind: 'verified'; match: VerifiedMatch; eventId: string }
  | { kind: 'answered'; answer: Answer; eventId: string; acted?: Acted }
  | { kind: 'handed-off'; acted: Acted }
  | { kind: 'declined'; reason: Reason; answer: Answer }
  | { kind: 'stopped' }
  | { kind: 'failed'; error: unknown };

export interface AskServiceDeps {
  assistant: Pick<AnswerService, 'answer'>;
  verified: Pick<VerifiedAnswers, 'match'>;
  usage: Pick<UsageRecorder, 'record'>;
  logger: Logger;
  /** Hand-off routing: names the owning team of an answer in its usage event (Slack; the CLI has none). */
  routing?: RoutingTable;
}

export class AskService {
  constructor(private readonly deps: AskServiceDeps) {}

  async ask<Reason extends string = string>(req: AskRequest<Reason>): Promise<AskResult<Reason>> {
    const started = req.started ?? performance.now();
    const history = req.history ?? [];
    // A verified answer with the same meaning comes first (issue 14), within the same audience bound as documents;
    // a follow-up needs the thread, and a request for an action goes to the agent.
    if (req.verifiedFirst !== false && !req.act && !history.some((t) => t.role === 'user')) {
      const match = await this.verified(req);
      if (match) return { kind: 'verified', match, eventId: this.recordVerified(req, match, started) };
    }
    const searching = (await req.searching?.()) ?? {};
    const signal = searching.signal;
    const input: AskInput = {
      question: req.question,
      asker: req.asker,
      history,
      ...(req.audience ? { audience: req.audience } : {}),
      ...(searching.onText ? { onText: searching.onText } : {}),
      ...(req.liveCandidates ? { liveCandidates: req.liveCandidates } : {}),
    };
    let acted: Acted | undefined;
    let answer: Answer;
    try {
      answer = await this.within(req.preferTeam, signal, async () => {
        if (!req.act) return this.deps.assistant.answer(input);
        acted = await req.act(input);
        return acted.answer;
      });
    } catch (error) {
      if (signal?.aborted) return this.stopped(req, started);
      this.deps.logger.error({ err: error, surface: req.surface }, 'answering failed');
      this.record(req, started, { name: 'ask.error', outcome: 'error', question: req.question });
      return { kind: 'failed', error };
    }
    if (signal?.aborted) return this.stopped(req, started);
    // The hand-off told the asker who follows up (and recorded itself); nothing more is said.
    if (acted?.handedOff) return { kind: 'handed-off', acted };
    const reason = await req.decline?.(answer);
    if (reason) return { kind: 'declined', reason, answer };
    const eventId = this.recordAnswer(req, answer, started, acted);
    return { kind: 'answered', answer, eventId, ...(acted ? { acted } : {}) };
  }

  /** An outsider refused by KIKI_EXTERNAL_USERS=refuse: counted, nothing searched. */
  refused(req: Pick<AskRequest, 'userId' | 'surface' | 'usageKey'>): void {
    this.deps.usage.record({
      name: 'ask.refused',
      userId: req.userId,
      feature: 'ask',
      surface: req.surface,
      outcome: 'refused',
      ...(req.usageKey ? { key: req.usageKey } : {}),
    });
  }

  private async verified(req: AskRequest): Promise<VerifiedMatch | undefined> {
    let match: VerifiedMatch | undefined;
    try {
      match = await this.deps.verified.match(req.question, req.asker);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'verified answers unavailable; answering from the documents');
      return undefined;
    }
    // Where others read (a channel, a hand-off channel), only what all of them may read.
    if (match && req.audience && !audienceMayRead(req.audience, match.answer.visibleTo)) return undefined;
    return match;
  }

  private within<T>(team: string | undefined, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const preferring = team ? () => preferredTeam.run(team, work) : work;
    return signal ? modelSignal.run(signal, preferring) : preferring();
  }

  private stopped(req: AskRequest<string>, started: number): { kind: 'stopped' } {
    const latencyMs = performance.now() - started;
    this.record(req, started, { name: 'ask.stopped', outcome: 'stopped', meta: { stoppedAfterMs: Math.round(latencyMs) } });
    return { kind: 'stopped' };
  }

  private recordVerified(req: AskRequest, match: VerifiedMatch, started: number): string {
    const a = match.answer;
    return this.record(req, started, {
      name: 'ask.verified',
      outcome: 'answered',
      question: req.question,
      meta: {
        verified: a.id,
        version: a.version,
        team: a.team,
        score: Number(match.score.toFixed(3)),
        ...(match.due ? { due: true } : {}),
      },
    });
  }

  private recordAnswer(req: AskRequest, answer: Answer, started: number, acted: Acted | undefined): string {
    const outcome = answer.citations.length > 0 ? 'answered' : 'not_found';
    return this.record(req, started, {
      name: `ask.${outcome}`,
      outcome,
      question: req.question,
      meta: {
        mode: answer.mode,
        citations: answer.citations.length,
        retrievalMs: Math.round(answer.timings.retrievalMs),
        ...(answer.timings.modelMs !== undefined ? { modelMs: Math.round(answer.timings.modelMs) } : {}),
        // Token counts only, never text: what a model answer cost.
        ...(answer.tokens ? { promptTokens: answer.tokens.prompt, completionTokens: answer.tokens.completion } : {}),
        ...(answer.notice ? { fallback: true } : {}),
        ...(acted ? { agent: true, toolCalls: acted.toolCalls ?? 0 } : {}),
        ...req.meta,
        ...(this.deps.routing ? gapFacts(this.deps.routing, answer) : {}),
      },
    });
  }

  private record(
    req: AskRequest,
    started: number,
    event: { name: string; outcome: 'answered' | 'not_found' | 'error' | 'stopped'; question?: string; meta?: Record<string, unknown> },
  ): string {
    return this.deps.usage.record({
      ...(req.usageKey ? { key: req.usageKey } : {}),
      name: event.name,
      userId: req.userId,
      feature: 'ask',
      surface: req.surface,
      outcome: event.outcome,
      latencyMs: performance.now() - started,
      ...(event.question !== undefined ? { question: event.question } : {}),
      ...(event.meta ? { meta: event.meta } : {}),
    });
  }
}
