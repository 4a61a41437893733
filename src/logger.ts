import { pino } from 'pino';

export type Logger = pino.Logger;

/** One logger for the whole process; tokens and secrets are redacted wherever they appear in fields. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'kiki' },
      redact: {
        paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'config.SLACK_BOT_TOKEN', 'config.OPENAI_API_KEY'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(2),
  );
}
