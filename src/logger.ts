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

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' };
const HIDDEN = new Set(['level', 'time', 'app', 'msg', 'pid', 'hostname']);

/** A pino line as a person reads it: `kiki warning: <message> (key=value, …)`, with an error's message, no stack. */
export function formatLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const extras = Object.entries(entry)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => {
      if (v && typeof v === 'object' && 'message' in v) return `${k}: ${String((v as { message: unknown }).message)}`;
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    });
  const level = LEVELS[Number(entry.level)] ?? 'log';
  return `kiki ${level}: ${String(entry.msg ?? '')}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** For a terminal: each log entry becomes one readable line (formatLogLine) instead of JSON. */
export function terminalDestination(out: { write(text: string): unknown }): pino.DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim()) out.write(`${formatLogLine(line)}\n`);
    },
  };
}
