import { createHash } from 'node:crypto';
import type { Block, LoadedDocument } from './loaders/index.js';

/** What the indexes hold: a passage plus what a citation needs. Stored as one row of index.db (docs/index-format.md). */
export interface Chunk {
  id: string;
  source: string;
  title: string;
  headingPath: string[];
  url?: string;
  owner?: string;
  updated?: string;
  page?: number;
  lines?: [number, number];
  text: string;
  /** Effective access list (folder rules and front-matter combined); absent means everyone. */
  access?: string[];
}

// ~900 characters (~150 words) suits BM25 (short enough to be specific) and embeddings (one topic per vector).
export const TARGET_CHARS = 900;
export const MAX_CHARS = 1400;
export const OVERLAP_CHARS = 200;

type Piece = { text: string; page?: number | undefined; lines?: [number, number] | undefined };

export function chunkDocument(doc: LoadedDocument, source: string, access: string[] | undefined): Chunk[] {
  const chunks: Chunk[] = [];
  for (const group of groupBlocks(doc.blocks)) {
    for (const piece of packGroup(group)) {
      const headingPath = group[0]?.headingPath ?? [];
      const n = chunks.length;
      chunks.push({
        id: createHash('sha1').update(`${source}\n${n}\n${piece.text}`).digest('hex').slice(0, 16),
        source,
        title: doc.title,
        headingPath,
        ...(doc.url ? { url: doc.url } : {}),
        ...(doc.owner ? { owner: doc.owner } : {}),
        ...(doc.updated ? { updated: doc.updated } : {}),
        ...(piece.page !== undefined ? { page: piece.page } : {}),
        ...(piece.lines ? { lines: piece.lines } : {}),
        text: piece.text,
        ...(access ? { access } : {}),
      });
    }
  }
  return chunks;
}

/** The text the indexes see: title and headings give a short passage its context. */
export function indexText(chunk: Pick<Chunk, 'title' | 'headingPath' | 'text'>): string {
  return `${chunk.title}\n${chunk.headingPath.join(' ')}\n${chunk.text}`;
}

function groupBlocks(blocks: Block[]): Block[][] {
  const groups: Block[][] = [];
  for (const b of blocks) {
    const last = groups.at(-1);
    const head = last?.[0];
    if (head && head.headingPath.join('\u0000') === b.headingPath.join('\u0000') && head.page === b.page) last.push(b);
    else groups.push([b]);
  }
  return groups;
}

function packGroup(group: Block[]): Piece[] {
  const pieces: Piece[] = [];
  let current: Piece | undefined;
  const push = () => {
    if (current?.text.trim()) pieces.push(current);
  };
  for (const block of group.flatMap(splitLong)) {
    if (current && current.text.length + block.text.length + 2 > TARGET_CHARS) {
      push();
      const tail = overlapTail(current.text);
      current = { text: tail ? `${tail}\n\n${block.text}` : block.text, page: block.page, lines: block.lines };
      const previousLines = pieces.at(-1)?.lines;
      if (tail && previousLines && block.lines) current.lines = [previousLines[1], block.lines[1]];
      continue;
    }
    if (!current) current = { text: block.text, page: block.page, lines: block.lines };
    else {
      current.text += `\n\n${block.text}`;
      if (current.lines && block.lines) current.lines = [current.lines[0], block.lines[1]];
    }
  }
  push();
  return pieces;
}

/** Last sentences of a chunk (up to OVERLAP_CHARS), repeated at the start of the next. */
function overlapTail(text: string): string {
  if (text.length <= OVERLAP_CHARS) return '';
  const sentences = text.match(/[^.!?\n]+[.!?]*\s*/g) ?? [];
  let tail = '';
  for (let i = sentences.length - 1; i >= 0; i--) {
    const next = (sentences[i] ?? '') + tail;
    if (next.length > OVERLAP_CHARS) break;
    tail = next;
  }
  return tail.trim();
}

/** Splits a block longer than MAX_CHARS at sentence ends, or at spaces when a sentence is too long itself. */
function splitLong(block: Block): Block[] {
  if (block.text.length <= MAX_CHARS) return [block];
  const out: Block[] = [];
  let buf = '';
  const parts = block.text.match(/[^.!?\n]+[.!?]*\s*|[.!?\n]+/g) ?? [block.text];
  for (const sentence of parts.flatMap((s) =>
    s.length > TARGET_CHARS ? (s.match(new RegExp(`.{1,${TARGET_CHARS}}(\\s|$)`, 'gs')) ?? [s]) : [s],
  )) {
    if (buf.length + sentence.length > TARGET_CHARS && buf.trim()) {
      out.push({ ...block, text: buf.trim() });
      buf = '';
    }
    buf += sentence;
  }
  if (buf.trim()) out.push({ ...block, text: buf.trim() });
  return out;
}
