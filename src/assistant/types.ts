import type { Asker, Passage } from '../retrieval/types.js';
import type { Audience } from './audience.js';

/** One earlier message of the conversation (the thread so far), oldest first. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface AskInput {
  question: string;
  asker: Asker;
  /** The thread so far, without the question itself. */
  history?: Turn[];
  /** Who reads the place where the answer appears (absent: the asker alone); it bounds what may be used. */
  audience?: Audience;
  /** Receives the answer text as the model writes it (LLM mode only), citations already checked. */
  onText?: (delta: string) => void;
  /** Answer offline even when a model is configured (the agent's fallback once the model failed). */
  withoutModel?: boolean;
  /** Candidates found at question time beside the documents (Slack messages the asker may read); never stored. */
  liveCandidates?: LiveCandidates;
}

/**
 * Passages fetched for this question only, e.g. Slack's Real-time Search (src/sources/slack-search.ts). It must
 * return only what the asker and the answer's audience may read, and never throw (a failure is an empty list).
 */
export type LiveCandidates = (query: string) => Promise<Passage[]>;

export interface Citation {
  /** The number used in the answer text, e.g. 2 for "[2]". */
  n: number;
  source: string;
  title: string;
  heading: string;
  url?: string;
  owner?: string;
}

export type AnswerMode = 'offline' | 'llm';

/**
 * What the reply is: an answer grounded in cited passages; "the closest I found" (links to the nearest sections,
 * no quote presented as an answer, a person offered first); "not found"; or a reply to a message that is not a
 * question (thanks, a greeting, "that's wrong").
 */
export type AnswerState = 'answer' | 'closest' | 'not_found' | 'chat';

export interface Answer {
  question: string;
  /** The query actually searched (a follow-up rewritten to stand alone). */
  query: string;
  /** Markdown-ish text with [n] markers; empty when nothing was found. */
  text: string;
  state: AnswerState;
  /** ISO 639-1 code of the question's language; replies are framed in it. */
  language: string;
  /** "The closest I found": the nearest sections, best first (citations is empty then). */
  closest?: Citation[];
  /** A follow-up asked about something the documents don't cover for this topic ("contractors"). */
  missingSubject?: string;
  /** Tokens the model used for this answer (no text), when a model answered. */
  tokens?: { prompt: number; completion: number };
  grounded: boolean;
  mode: AnswerMode;
  citations: Citation[];
  /** Owners of the best sources, best first, for routing a hand-off. */
  owners: string[];
  /** A line to show above the answer, e.g. that the model failed and this is the offline answer. */
  notice?: string;
  /** Passages the asker may read but the audience may not, left out of this answer. */
  withheld?: number;
  /** The asker sounds frustrated: offer a person explicitly. */
  frustrated: boolean;
  /** Retrieval and generation times, for logs and benchmarks. */
  timings: { retrievalMs: number; totalMs: number; modelMs?: number };
}

export type { Asker, Audience, Passage };
