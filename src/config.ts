import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';

/** Parses "true"/"false"/"1"/"0"/"yes"/"no" (any case); empty means the default. */
const flag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const s = v.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(s)) return true;
      if (['false', '0', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `expected true or false, got "${v}"` });
      return z.NEVER;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const list = (fallback: string[]) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === ''
        ? fallback
        : v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    );

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const url = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** Minutes a person saves per interaction, by feature: "ask=5,contract=50,sentiment=30,report=15". */
const minutesSaved = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const out: Record<string, number> = { ...DEFAULT_MINUTES_SAVED };
    if (v === undefined || v.trim() === '') return out;
    for (const part of v.split(',')) {
      const [k, raw] = part.split('=').map((s) => s.trim());
      const n = Number(raw);
      if (!k || raw === undefined || !Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `expected feature=minutes pairs such as "ask=5,contract=50", got "${part}"` });
        return z.NEVER;
      }
      out[k] = n;
    }
    return out;
  });

/** Defaults documented in the README: a contract draft saves 50 minutes ("10 minutes instead of an hour"). */
export const DEFAULT_MINUTES_SAVED: Readonly<Record<string, number>> = {
  ask: 5,
  contract: 50,
  sentiment: 30,
  report: 15,
};

export const configSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'expected a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'expected an app-level token starting with xapp-',
  }),
  SLACK_API_URL: url(['https:', 'http:']).transform((v) => {
    const base = v ?? 'https://slack.com/api/';
    return base.endsWith('/') ? base : `${base}/`;
  }),
  PORT: int(3000, 0, 65535),
  /** Every Slack Web API call: time for one attempt, retries after a failure, and the whole budget. */
  KIKI_SLACK_TIMEOUT_MS: int(5000, 100, 120000),
  KIKI_SLACK_RETRIES: int(2, 0, 10),
  KIKI_SLACK_RETRY_BUDGET_MS: int(12000, 0, 600000),
  /** How long a claim on a Slack event (or a hand-off) lasts without renewal before another process resumes it. */
  KIKI_WORK_LEASE_MS: int(60000, 500, 3600000),

  KIKI_DATA_DIR: optionalString.transform((v) => path.resolve(v ?? './data')),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  KNOWLEDGE_DIR: optionalString.transform((v) => path.resolve(v ?? './knowledge')),
  /** YAML list of knowledge sources (folders, Confluence, Google Drive, web sites); unset: KNOWLEDGE_DIR alone. */
  KIKI_SOURCES: optionalString.transform((v) => (v ? path.resolve(v) : undefined)),
  /** How often every replica checks for a new index version (a file locally, a row in PostgreSQL in a fleet). */
  KIKI_INDEX_WATCH_SECONDS: int(2, 1, 3600),
  KIKI_SYNC_CRON: optionalString
    .transform((v) => v ?? '20 * * * *')
    .refine(validCron, { message: 'expected a cron pattern such as "20 * * * *" (hourly at :20)' }),

  KIKI_DIRECTORY: optionalString.transform((v) => (v ? path.resolve(v) : undefined)),
  KIKI_ADMINS: list([]),
  KIKI_PROFILE_DEPARTMENTS: flag(false),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url(['https:', 'http:']),
  KIKI_CHAT_MODEL: optionalString.transform((v) => v ?? 'gpt-4.1-mini'),
  KIKI_EMBEDDING_MODEL: optionalString.transform((v) => v ?? 'text-embedding-3-small'),
  KIKI_LLM_TIMEOUT_MS: int(20000, 1000, 600000),
  KIKI_LLM_MAX_PROMPT_TOKENS: int(4000, 1000, 200000),
  KIKI_LLM_RERANK: flag(false),

  KIKI_ROUTING: optionalString.transform((v) => (v ? path.resolve(v) : undefined)),
  KIKI_ESCALATION_CHANNEL: optionalString,
  KIKI_STORE_QUESTIONS: flag(false),

  KIKI_CONTRACT_DEPARTMENTS: list(['Legal']),
  KIKI_SENTIMENT_DEPARTMENTS: list(['Comms']),
  KIKI_BRAND_TERMS: list([]),
  /** Competitors for share of voice, comma-separated; aliases of one competitor joined by "|". */
  KIKI_COMPETITOR_TERMS: list([]),
  /** Key messages whose pick-up the report counts, separated by ";" (messages may contain commas). */
  KIKI_KEY_MESSAGES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** CSV of outlets with their monthly audience (columns outlet, monthly_audience, optional domain): potential reach. */
  KIKI_OUTLETS: optionalString.transform((v) => (v ? path.resolve(v) : undefined)),
  KIKI_ALLOW_PRIVATE_URLS: flag(false),
  /** People from another organisation in a Slack Connect channel: `refuse` them politely, or answer from `public` documents only. */
  KIKI_EXTERNAL_USERS: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['refuse', 'public']).default('refuse')),

  KIKI_RETENTION_DAYS: int(400, 1, 36500),
  KIKI_MIN_GROUP_SIZE: int(5, 1, 1000),
  KIKI_REPORT_CHANNEL: optionalString,
  KIKI_REPORT_CRON: optionalString
    .transform((v) => v ?? '0 9 * * 1')
    .refine(validCron, { message: 'expected a cron pattern such as "0 9 * * 1" (Mondays at 09:00)' }),
  KIKI_MINUTES_SAVED: minutesSaved,

  /** Adds the stack trace to the CLI's one-line error (for bug reports). */
  KIKI_DEBUG: flag(false),

  /** Unset: `info` for Kiki connected to Slack (a server's log), `warn` at a terminal (CLI, sandbox). */
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
  ),
});

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * KIKI_DEBUG on its own, for the CLI's last-resort error report: it is read even when the rest of the
 * configuration is invalid (that report is the one telling the user so).
 */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const parsed = configSchema.shape.KIKI_DEBUG.safeParse(env.KIKI_DEBUG);
  return parsed.success && parsed.data;
}

/** Parses every variable at once and reports every problem together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) input[key] = env[key];
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

export type SlackMode = { kind: 'socket' } | { kind: 'http' } | { kind: 'none'; missing: string[] };

/** Socket Mode when an app token is set, HTTP when a signing secret is, otherwise nothing to connect to. */
export function slackMode(config: Config): SlackMode {
  const missing: string[] = [];
  if (!config.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) missing.push('SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)');
  if (missing.length > 0) return { kind: 'none', missing };
  return config.SLACK_APP_TOKEN ? { kind: 'socket' } : { kind: 'http' };
}

export function isAdmin(config: Pick<Config, 'KIKI_ADMINS'>, userId: string): boolean {
  return config.KIKI_ADMINS.includes(userId);
}
