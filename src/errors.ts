/**
 * Stable error codes and one small class per failure, the slackapi/bolt-js way (`src/errors.ts` there): the
 * code is what logs, tests and callers branch on; `userMessage` is short, constant in shape and safe to show
 * (no stack, no library text); the underlying error travels as `cause` and goes to the log.
 */
export enum ErrorCode {
  ConfigInvalid = 'kiki_config_invalid',
  SlackNotConfigured = 'kiki_slack_not_configured',
  StoreUnavailable = 'kiki_store_unavailable',
  NotAllowed = 'kiki_not_allowed',
  InvalidInput = 'kiki_invalid_input',
  NotFound = 'kiki_not_found',
  Unexpected = 'kiki_unexpected',
  /** A `kiki` command given arguments it cannot use. */
  CliUsage = 'kiki_cli_usage',
  /** The search index on disk is missing, damaged or from another build. */
  IndexUnavailable = 'kiki_index_unavailable',
  /** Another `kiki ingest` holds the index lock. */
  IngestBusy = 'kiki_ingest_busy',
  /** A folder's `_access.yml` is malformed (the folder is then skipped, never opened). */
  AccessRuleInvalid = 'kiki_access_rule_invalid',
  /** The embedding model (offline file or server) failed or answered nonsense. */
  EmbedderFailed = 'kiki_embedder_failed',
  /** A chat model answered nothing usable. */
  ModelFailed = 'kiki_model_failed',
  /** A file Kiki was asked to write could not be written. */
  FileNotWritable = 'kiki_file_not_writable',
  /** A Slack Web API call answered without what Kiki needs. */
  SlackCallFailed = 'kiki_slack_call_failed',
  /** A knowledge source (Confluence, Google Drive, a web site) refused, failed or ran out of its request budget. */
  SourceFailed = 'kiki_source_failed',
}

export class KikiError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Safe to show to a user: no stack, no internals. */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'KikiError';
  }
}

type Options = { cause?: unknown };

export class StoreUnavailableError extends KikiError {
  constructor(message: string, options?: Options) {
    super(ErrorCode.StoreUnavailable, message, options);
    this.name = 'StoreUnavailableError';
  }
}

export class CliUsageError extends KikiError {
  constructor(message: string) {
    super(ErrorCode.CliUsage, message);
    this.name = 'CliUsageError';
  }
}

export class IndexUnavailableError extends KikiError {
  constructor(message: string, options?: Options) {
    super(ErrorCode.IndexUnavailable, message, options);
    this.name = 'IndexUnavailableError';
  }
}

export class IngestBusyError extends KikiError {
  constructor(message: string, options?: Options) {
    super(ErrorCode.IngestBusy, message, options);
    this.name = 'IngestBusyError';
  }
}

export class AccessRuleError extends KikiError {
  constructor(message: string, options?: Options) {
    super(ErrorCode.AccessRuleInvalid, message, options);
    this.name = 'AccessRuleError';
  }
}

export class EmbedderError extends KikiError {
  constructor(message: string, options?: Options) {
    super(ErrorCode.EmbedderFailed, message, options);
    this.name = 'EmbedderError';
  }
}

export class ModelError extends KikiError {
  constructor(message: string, options?: Options) {
    super(ErrorCode.ModelFailed, message, options);
    this.name = 'ModelError';
  }
}

export class FileNotWritableError extends KikiError {
  constructor(file: string, options?: Options) {
    super(ErrorCode.FileNotWritable, `Cannot write ${file}: check that its folder exists and that you may write there.`, options);
    this.name = 'FileNotWritableError';
  }
}

export class SlackCallError extends KikiError {
  constructor(message: string, options?: Options) {
    super(ErrorCode.SlackCallFailed, message, options);
    this.name = 'SlackCallError';
  }
}

export class SourceError extends KikiError {
  constructor(message: string, options?: Options) {
    super(ErrorCode.SourceFailed, message, options);
    this.name = 'SourceError';
  }
}

export function isKikiError(error: unknown): error is KikiError {
  return error instanceof KikiError;
}

/** The one apology users see when something unexpected broke. */
export const APOLOGY =
  "Sorry, something went wrong on my side and I couldn't finish that. The details are in Kiki's log; please try again in a moment.";
