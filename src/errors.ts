/** Stable error codes: users see a short constant message, the log gets the code and the cause. */
export enum ErrorCode {
  ConfigInvalid = 'kiki_config_invalid',
  SlackNotConfigured = 'kiki_slack_not_configured',
  StoreUnavailable = 'kiki_store_unavailable',
  NotAllowed = 'kiki_not_allowed',
  InvalidInput = 'kiki_invalid_input',
  NotFound = 'kiki_not_found',
  Unexpected = 'kiki_unexpected',
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

export function isKikiError(error: unknown): error is KikiError {
  return error instanceof KikiError;
}

/** The one apology users see when something unexpected broke. */
export const APOLOGY =
  "Sorry, something went wrong on my side and I couldn't finish that. The details are in Kiki's log; please try again in a moment.";
