import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from '../src/random.js';

describe('shuffled', () => {
  it('gives every order of three items about equally often, and the same orders for the same seed', () => {
    const rand = seededRandom(1);
    const counts = new Map<string, number>();
    const runs = 60_000;
    for (let i = 0; i < runs; i++) {
      const key = shuffled(['a', 'b', 'c'], rand).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // A fair shuffle gives 10,000 ± ~100 each; `sort(() => rand() - 0.5)` gives some orders twice as often as others.
    for (const n of counts.values()) expect(Math.abs(n / runs - 1 / 6)).toBeLessThan(0.01);
    expect(shuffled([1, 2, 3, 4, 5], seededRandom(7))).toEqual(shuffled([1, 2, 3, 4, 5], seededRandom(7)));
    expect(shuffled([], seededRandom(7))).toEqual([]);
  });
});
