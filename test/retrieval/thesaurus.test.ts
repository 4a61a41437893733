import { describe, expect, it } from 'vitest';
import { onThesaurusError, Thesaurus } from '../../src/retrieval/thesaurus.js';
import { tempDir } from '../helpers/env.js';

describe('WordNet thesaurus', () => {
  it('finds synonyms of base and inflected words, strongest sense first, by lookup in the sorted index', () => {
    const t = Thesaurus.open();
    expect(t).not.toBeNull();
    expect(t?.related('vacation', { derived: true }).slice(0, 2)).toEqual([
      { lemma: 'holiday', strength: 1 },
      { lemma: 'vacationer', strength: 0.5 },
    ]);
    expect(
      t
        ?.related('salaries')
        .slice(0, 4)
        .map((r) => r.lemma),
    ).toEqual(['earnings', 'pay', 'remuneration', 'wage']);
    expect(t?.related('laptop')).toEqual([{ lemma: 'laptop computer', strength: 1 }]);
    // The first and last entries of index.noun, and a word WordNet lacks.
    expect(t?.related("'hood", { hypernyms: true }).map((r) => r.lemma)).toContain('neighborhood');
    expect(t?.related('zyrian').map((r) => r.lemma)).toEqual(['komi']);
    expect(t?.related('qwertyuiop')).toEqual([]);
  });

  it('reports a WordNet folder it cannot read instead of failing silently, and expands nothing', () => {
    const reported: unknown[] = [];
    onThesaurusError((error) => reported.push(error));
    try {
      expect(Thesaurus.openAt(tempDir())).toBeNull();
      expect(String(reported[0])).toMatch(/ENOENT.*index\.noun/);
    } finally {
      onThesaurusError(() => undefined);
    }
  });
});
