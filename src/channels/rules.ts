import { classifyTurn, wantsHuman } from '../assistant/intent.js';
import type { ChannelSettings } from './settings.js';

const ASKING =
  /^(?:how|what|what's|whats|when|where|who|whom|whose|why|which|is|are|am|was|were|can|could|do|does|did|should|shall|will|would|may|might|have|has|any(?:one|body)\s+know|does\s+any(?:one|body)|is\s+there)\b/i;
/** Exclamations and rhetorical openers: "what a day", "how nice was that", "is it just me or…", "who knew…". */
const RHETORICAL =
  /^(?:what an?\s|how (?:great|nice|cool|lovely|good|bad|awesome|amazing|fun|funny|sweet|weird|strange|annoying|cute)\b|is it just me\b|who knew\b|guess what\b|you know what\b|(?:isn'?t|aren'?t|wasn'?t) (?:it|that|this|they)\b)/i;
/** A quoted span ("…", “…”, '…' around words): a question inside quotes is a title, not the writer's question. */
const QUOTED = /"[^"]*"|“[^”]*”|‘[^’]*’|(?<!\w)'[^']*'(?!\w)/g;

/**
 * A message that asks something someone wants answered: its last sentence is a question (a question mark outside
 * quotes), or it opens like one ("how do I…", "anyone know…") without being an exclamation. News ("FYI the per diem
 * went up"), a quoted title, rhetorical openers, thanks, greetings and complaints are not, even with a question mark.
 */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (t.split(/\s+/).filter(Boolean).length < 3) return false;
  if (classifyTurn(t) !== 'question') return false;
  if (RHETORICAL.test(t)) return false;
  const own = t.replace(QUOTED, ' ').trim();
  // "How do I submit a claim? Read the policy first!": a question followed by a statement is not asking.
  const last = own.split(/(?<=[.!?])\s+(?=\S)/).at(-1) ?? own;
  if (last.includes('?')) return true;
  return !own.includes('?') && !/!\s*$/.test(own) && ASKING.test(own);
}

export interface ChannelMessage {
  text: string;
  /** Written by a bot or an app (bot_id, subtype bot_message). */
  fromBot: boolean;
  /** A reply inside a thread, not a new message in the channel. */
  inThread: boolean;
  /** Mentions Kiki: the mention flow answers it. */
  mentionsKiki: boolean;
}

/** Why a channel message is left alone before any search (undefined: it may be answered). */
export type Skip = 'bot' | 'thread' | 'tagged' | 'only_tagged' | 'not_question' | 'wants_human';

export function skipReason(settings: ChannelSettings, m: ChannelMessage): Skip | undefined {
  if (m.fromBot) return 'bot';
  if (m.inThread) return 'thread';
  if (m.mentionsKiki) return 'tagged';
  if (settings.onlyTagged) return 'only_tagged';
  if (!m.text.trim() || (settings.questionsOnly && !looksLikeQuestion(m.text))) return 'not_question';
  // "Can I talk to a human?" in a help channel is for the humans there.
  if (wantsHuman(m.text)) return 'wants_human';
  return undefined;
}

/** True when the asker's department is one the channel answers. */
export function answersTeam(settings: ChannelSettings, department: string | undefined): boolean {
  if (!settings.teams) return true;
  if (!department) return false;
  const d = department.trim().toLowerCase();
  return settings.teams.some((t) => t.toLowerCase() === d);
}
