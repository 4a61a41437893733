import type { Generated } from 'kysely';

/** Timestamps are milliseconds since the epoch (bigint in PostgreSQL, integer in SQLite). */
export interface SlackEventsTable {
  event_id: string;
  received_at: number;
  /** The process holding the claim. */
  owner: string | null;
  /** The claim expires then unless renewed; an unfinished event past it is resumed. */
  lease_until: number | null;
  done_at: number | null;
  attempts: number | null;
  /** The delivery itself, kept until done so that it can be replayed after a crash. */
  body: string | null;
  /** The message this event's reply started (a half-streamed answer to finish after a crash). */
  reply_channel: string | null;
  reply_ts: string | null;
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

/** A question handed over to a person; stamps mirror the usage event's hand-off columns. */
export interface HandoffsTable {
  id: string;
  /** The `ask.handed_off` usage event whose hand-off columns are stamped. */
  usage_event_id: string;
  /** The answer the asker was looking at, when the hand-off came from its button. */
  answer_event_id: string | null;
  asker_id: string;
  asker_channel: string;
  asker_thread_ts: string | null;
  team: string;
  route_channel: string;
  post_channel: string | null;
  post_ts: string | null;
  opened_at: number;
  first_reply_at: number | null;
  resolved_at: number | null;
  resolved_by: string | null;
  /** Claimed until then by the process posting it; resumed after a crash once past. */
  lease_until: number | null;
  /** JSON of the post and the notice still to send (cleared once the asker is told). */
  pending: string | null;
  notified_at: number | null;
  failed_at: number | null;
}

export interface AskThreadsTable {
  channel: string;
  thread_ts: string;
  /** dm, mention, assistant */
  kind: string;
  user_id: string | null;
  created_at: number;
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

/** A verified answer (issue 14): its current state. `visible_to` and `sources` are JSON (null: everyone / none). */
export interface VerifiedAnswersTable {
  id: string;
  question: string;
  answer: string;
  /** The owning team, as named in the routing table. */
  team: string;
  visible_to: string | null;
  review_days: number;
  sources: string | null;
  /** active or retired */
  status: string;
  version: number;
  verified_by: string;
  verified_at: number;
  review_due_at: number;
  review_notified_at: number | null;
  handoff_id: string | null;
  created_at: number;
}

/** One row per change of a verified answer: who, when, what (the whole state after the change). */
export interface VerifiedAnswerVersionsTable {
  answer_id: string;
  version: number;
  /** created, edited, confirmed, retired, imported */
  change: string;
  changed_by: string;
  changed_at: number;
  question: string;
  answer: string;
  team: string;
  visible_to: string | null;
  review_days: number;
  status: string;
}

/** A sentiment report posted in Slack, kept so that people's corrections recompute it. */
export interface SentimentReportsTable {
  id: string;
  created_at: number;
  user_id: string;
  channel: string | null;
  message_ts: string | null;
  /** JSON array of the brand terms the report was scored with. */
  brand_terms: string;
  /** JSON: { articles, failures } as scored. */
  payload: string;
}

/** A person's label for one article of a report; the latest per article counts. */
export interface SentimentCorrectionsTable {
  report_id: string;
  article_index: number;
  source: string;
  title: string;
  language: string;
  text: string;
  scorer: string;
  scored_label: string;
  scored_confidence: number;
  label: string;
  /** 1 when the article is in the report's validation sample. */
  in_sample: number;
  corrected_by: string;
  corrected_at: number;
}

/** A knowledge source's sync state (issue 22). Timestamps in ms. */
export interface SourceStateTable {
  source: string;
  type: string;
  cursor: string | null;
  started_at: number | null;
  finished_at: number | null;
  succeeded_at: number | null;
  error: string | null;
  summary: string | null;
}

/** A document a source holds; `path` is null when it is not indexed (visible to nobody, or it failed). */
export interface SourceDocumentsTable {
  source: string;
  doc_id: string;
  title: string;
  url: string | null;
  version: string;
  path: string | null;
  access: string;
  unmapped: string | null;
  error: string | null;
  synced_at: number;
}

/** A channel opted in to auto-answer, and how (issue 23). Flags are 0/1; `teams` is JSON (null: everyone). */
export interface ChannelAnswersTable {
  channel_id: string;
  questions_only: number;
  only_tagged: number;
  reply: string;
  teams: string | null;
  handoff_team: string | null;
  daily_cap: number | null;
  allow_external: number;
  enabled_by: string;
  enabled_at: number;
}

export interface ChannelAnswerDaysTable {
  channel_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  answered: number;
}

export interface ViewingContextsTable {
  user_id: string;
  channel_id: string;
  updated_at: number;
}

/** A published search index version (fleet, issue 22): files is JSON [{ name, bytes, sha256 }], null while uploading. */
export interface IndexVersionsTable {
  version: string;
  created_at: number;
  files: string | null;
  bytes: number;
  builder: string;
}

/** One piece of one file of a published index version. */
export interface IndexBlobsTable {
  version: string;
  file: string;
  seq: number;
  data: Buffer;
}

/** The one row (id 1) naming the version every replica serves. */
export interface IndexCurrentTable {
  id: number;
  version: string;
  switched_at: number;
}

export interface Database {
  slack_events: SlackEventsTable;
  usage_events: UsageEventsTable;
  handoffs: HandoffsTable;
  ask_threads: AskThreadsTable;
  contract_drafts: ContractDraftsTable;
  job_runs: JobRunsTable;
  verified_answers: VerifiedAnswersTable;
  verified_answer_versions: VerifiedAnswerVersionsTable;
  sentiment_reports: SentimentReportsTable;
  sentiment_corrections: SentimentCorrectionsTable;
  source_state: SourceStateTable;
  source_documents: SourceDocumentsTable;
  index_versions: IndexVersionsTable;
  index_blobs: IndexBlobsTable;
  index_current: IndexCurrentTable;
  channel_answers: ChannelAnswersTable;
  channel_answer_days: ChannelAnswerDaysTable;
  viewing_contexts: ViewingContextsTable;
}
