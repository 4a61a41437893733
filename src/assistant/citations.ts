import type { Passage } from '../retrieval/types.js';
import type { Citation } from './types.js';

const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/** Removes [n] markers that point at no passage given to the model (n > count), keeps the others. */
export function dropInvalidMarkers(text: string, count: number): string {
  return text.replace(MARKER, (_all, list: string) => {
    const valid = list
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => n >= 1 && n <= count);
    return valid.length ? valid.map((n) => `[${n}]`).join('') : '';
  });
}

/** The numbers cited in the text, in order of first appearance. */
export function citedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\[(\d{1,3})\]/g)) {
    const n = Number(m[1]);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

export function citationsFor(text: string, passages: Passage[]): Citation[] {
  return citedNumbers(text)
    .filter((n) => n >= 1 && n <= passages.length)
    .sort((a, b) => a - b)
    .map((n) => {
      const p = passages[n - 1]!;
      return {
        n,
        source: p.source,
        title: p.title,
        heading: p.heading,
        ...(p.url ? { url: p.url } : {}),
        ...(p.owner ? { owner: p.owner } : {}),
      };
    });
}

/** Tidies what dropping markers leaves behind ("foo  ." → "foo."). */
export function tidy(text: string): string {
  return text
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * Checks citations while the model streams: text is released up to the last whitespace, so a marker is
 * always seen whole and an invented one never reaches Slack. A reply that starts with the NOT_FOUND
 * sentinel is held back entirely.
 */
export class StreamingCitationFilter {
  private buffer = '';
  private released = '';
  private decided = false;
  private suppressed = false;

  constructor(
    private readonly count: number,
    private readonly emit: (text: string) => void,
  ) {}

  push(delta: string): void {
    this.buffer += delta;
    if (!this.decided) {
      const head = this.buffer.trimStart();
      if (head.length < NOT_FOUND.length && NOT_FOUND.startsWith(head)) return;
      this.decided = true;
      this.suppressed = head.startsWith(NOT_FOUND);
    }
    if (this.suppressed) return;
    const cut = Math.max(this.buffer.lastIndexOf(' '), this.buffer.lastIndexOf('\n'));
    if (cut < 0) return;
    this.release(this.buffer.slice(0, cut + 1));
    this.buffer = this.buffer.slice(cut + 1);
  }

  end(): void {
    if (!this.suppressed && this.buffer) this.release(this.buffer);
    this.buffer = '';
  }

  /** What reached the emitter so far. */
  get text(): string {
    return this.released;
  }

  private release(piece: string): void {
    const clean = dropInvalidMarkers(piece, this.count);
    if (!clean) return;
    this.released += clean;
    this.emit(clean);
  }
}

export const NOT_FOUND = 'NOT_FOUND';
