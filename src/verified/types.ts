import type { Citation } from '../assistant/types.js';

export const REVIEW_DAYS = [30, 90, 180] as const;
export const DEFAULT_REVIEW_DAYS = 90;
export const DAY_MS = 86_400_000;

export type VerifiedStatus = 'active' | 'retired';
export type VerifiedChange = 'created' | 'edited' | 'confirmed' | 'retired' | 'imported';

/** A verified answer as the rest of Kiki sees it. */
export interface VerifiedAnswer {
  id: string;
  question: string;
  answer: string;
  team: string;
  /** Departments that may see it; undefined: everyone. */
  visibleTo?: string[];
  reviewDays: number;
  sources: Citation[];
  status: VerifiedStatus;
  version: number;
  verifiedBy: string;
  verifiedAt: number;
  reviewDueAt: number;
  reviewNotifiedAt?: number;
  handoffId?: string;
  createdAt: number;
}

export interface VerifiedVersion {
  version: number;
  change: VerifiedChange;
  changedBy: string;
  changedAt: number;
  question: string;
  answer: string;
  team: string;
  visibleTo?: string[];
  reviewDays: number;
  status: VerifiedStatus;
}

/** What a person submits when saving or editing. */
export interface VerifiedDraft {
  question: string;
  answer: string;
  team: string;
  visibleTo?: string[];
  reviewDays: number;
  sources?: Citation[];
  handoffId?: string;
}

export function isDue(a: VerifiedAnswer, now = Date.now()): boolean {
  return a.status === 'active' && a.reviewDueAt <= now;
}
