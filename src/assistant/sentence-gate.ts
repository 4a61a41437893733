import type { Passage } from '../retrieval/types.js';
import { checkGrounding } from './grounding.js';

/** Where one sentence ends and the next begins, as claimsOf (grounding.ts) splits them. */
const BOUNDARY = /(?<=[.!?](?:\s*\[\d+\])*)\s+(?=[A-Z*_"“(])/g;

/**
 * Lets a model's text reach Slack one whole sentence at a time, each checked against the passages first (the same
 * check as the finished answer), so an unsupported sentence, and any link in it, is never streamed. A sentence
 * is whole when the next one has begun, its line has ended, or the model has finished.
 */
export class SentenceGate {
  private buffer = '';

  constructor(
    private readonly passages: Passage[],
    private readonly emit: (text: string) => void,
  ) {}

  push(delta: string): void {
    this.buffer += delta;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      this.release(this.buffer.slice(0, newline), '\n');
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf('\n');
    }
    let end = -1;
    for (const m of this.buffer.matchAll(BOUNDARY)) end = m.index + m[0].length;
    if (end < 0) return;
    this.release(this.buffer.slice(0, end).trimEnd(), ' ');
    this.buffer = this.buffer.slice(end);
  }

  end(): void {
    if (this.buffer) this.release(this.buffer, '');
    this.buffer = '';
  }

  private release(text: string, after: string): void {
    if (!text.trim()) {
      if (after === '\n') this.emit(after);
      return;
    }
    const kept = checkGrounding(text, this.passages).text;
    if (kept) this.emit(`${kept}${after}`);
    else if (after === '\n') this.emit(after);
  }
}
