import YAML from 'yaml';

/**
 * Front matter is data, never code. gray-matter evaluates `---js` / `---javascript` blocks with `eval`, so a
 * knowledge file, contract template or press file could run code as the bot's user; this reads YAML only
 * (the `yaml` package's core schema builds plain values, no functions or classes) and refuses any other engine.
 */
export class FrontMatterError extends Error {
  constructor(
    /** One line, safe to show next to the file name. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'FrontMatterError';
  }
}

export interface FrontMatter {
  data: Record<string, unknown>;
  /** The document after the closing delimiter. */
  content: string;
  /** How many lines the front matter took, so callers can keep line numbers of the original file. */
  lineOffset: number;
}

const OPENING = /^---([^\r\n-][^\r\n]*)?\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

export function parseFrontMatter(source: string): FrontMatter {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const opening = OPENING.exec(text);
  if (!opening) return { data: {}, content: text, lineOffset: 0 };
  const language = (opening[1] ?? '').trim().toLowerCase();
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) {
    if (language) throw new FrontMatterError(`front matter opened with "---${language}" is never closed with "---"`);
    return { data: {}, content: text, lineOffset: 0 };
  }
  if (language && language !== 'yaml' && language !== 'yml') {
    throw new FrontMatterError(`front matter "---${language}" refused: only YAML front matter is read (other engines can run code)`);
  }
  const raw = rest.slice(0, closing.index);
  let data: unknown;
  try {
    data = raw.trim() ? YAML.parse(raw) : {};
  } catch (error) {
    throw new FrontMatterError(`front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterError('front matter must be "key: value" lines');
  }
  const afterClosing = rest.slice(closing.index + closing[0].length).replace(/^\r?\n/, '');
  const consumed = text.length - afterClosing.length;
  const lineOffset = text.slice(0, consumed).split('\n').length - 1;
  return { data: data as Record<string, unknown>, content: afterClosing, lineOffset };
}
