import type { Generated } from 'kysely';

/** Timestamps are milliseconds since the epoch (bigint in PostgreSQL, integer in SQLite). */
export interface SlackEventsTable {
  event_id: string;
  received_at: number;
}

export interface UsageEventsTable {
  id: string;
  ts: number;
  /** What happened, e.g. "ask.answered", "contract.drafted", "sentiment.report". */
  name: string;
  user_id: string;
  department: string;
  feature: string;
  surface: string;
  outcome: string;
  latency_ms: number | null;
  question: string | null;
  feedback: number | null;
  feedback_at: number | null;
  feedback_note: string | null;
  handoff_opened_at: number | null;
  handoff_first_reply_at: number | null;
  handoff_resolved_at: number | null;
  demo: Generated<number>;
  meta: string | null;
}

/** One row per contract draft: who, which template version, a hash of the values (never the values). */
export interface ContractDraftsTable {
  id: string;
  ts: number;
  user_id: string;
  surface: string;
  template_id: string;
  template_version: string;
  values_hash: string;
  /** JSON array of the clause ids included. */
  clauses: string;
}

/** One scheduled run of a job, claimed by the first replica to insert it. */
export interface JobRunsTable {
  job: string;
  /** The scheduled time of the run (ms), the same on every replica. */
  slot: number;
  owner: string;
  started_at: number;
  finished_at: number | null;
  status: string | null;
}

export interface Database {
  slack_events: SlackEventsTable;
  usage_events: UsageEventsTable;
  contract_drafts: ContractDraftsTable;
  job_runs: JobRunsTable;
}
