import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** A data file shipped beside the code (word lists, lexicons, models) that cannot be read or does not match its schema. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`data file ${file}: ${message}`, options);
    this.name = 'DataFileError';
  }
}

/**
 * A JSON data file, parsed and validated against its schema when it is first needed; a missing or malformed
 * file fails with an error that names it and says what is wrong, rather than with a wrong answer later.
 */
export function loadDataFile<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const file = fileURLToPath(url);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(url, 'utf8'));
  } catch (cause) {
    throw new DataFileError(file, cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new DataFileError(file, `does not match its schema\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
