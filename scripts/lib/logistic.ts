// Logistic regression for the tuning scripts: small feature sets, a few thousand rows.

/** Logistic regression by Newton's method (IRLS) with an L2 penalty: 12 features, a few thousand rows. */
export function fitLogistic<F extends readonly string[]>(
  names: F,
  rows: number[][],
  labels: number[],
  lambda: number,
): { weights: Record<F[number], number>; bias: number } {
  const d = names.length + 1; // last: bias
  const w = new Array<number>(d).fill(0);
  const xs = rows.map((x) => [...x, 1]);
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, i) => {
      let z = 0;
      for (let j = 0; j < d; j++) z += (w[j] as number) * (x[j] as number);
      const p = 1 / (1 + Math.exp(-z));
      const err = p - (labels[i] as number);
      const s = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a] = (g[a] as number) + err * (x[a] as number);
        for (let b = 0; b < d; b++) (H[a] as number[])[b] = ((H[a] as number[])[b] as number) + s * (x[a] as number) * (x[b] as number);
      }
    });
    for (let a = 0; a < d - 1; a++) {
      g[a] = (g[a] as number) + lambda * xs.length * (w[a] as number);
      (H[a] as number[])[a] = ((H[a] as number[])[a] as number) + lambda * xs.length;
    }
    const step = solve(H, g);
    let change = 0;
    for (let a = 0; a < d; a++) {
      w[a] = (w[a] as number) - (step[a] as number);
      change = Math.max(change, Math.abs(step[a] as number));
    }
    if (change < 1e-6) break;
  }
  const weights = Object.fromEntries(names.map((f, j) => [f, Number((w[j] as number).toFixed(3))])) as Record<F[number], number>;
  return { weights, bias: Number((w[d - 1] as number).toFixed(3)) };
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((M[r] as number[])[c] as number) > Math.abs((M[pivot] as number[])[c] as number)) pivot = r;
    [M[c], M[pivot]] = [M[pivot] as number[], M[c] as number[]];
    const pc = (M[c] as number[])[c] as number;
    if (Math.abs(pc) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = ((M[r] as number[])[c] as number) / pc;
      for (let k = c; k <= n; k++) (M[r] as number[])[k] = ((M[r] as number[])[k] as number) - f * ((M[c] as number[])[k] as number);
    }
  }
  return M.map((row, i) => (row[n] as number) / ((row[i] as number) || 1));
}

/**
 * A conditional logit (listwise): per group (one question), the softmax over its rows of w·x should put its
 * mass on the positive rows. It fits the choice of ONE unit per question, which pointwise logistic regression
 * (thousands of negatives per positive) does not. Plain gradient ascent with an L2 penalty.
 */
export function fitListwise<F extends readonly string[]>(
  names: F,
  groups: { X: number[][]; y: number[] }[],
  lambda: number,
  iterations = 400,
  rate = 0.5,
): { weights: Record<F[number], number>; bias: number } {
  const d = names.length;
  const w = new Array<number>(d).fill(0);
  const usable = groups.filter((g) => g.y.some(Boolean) && g.y.some((v) => !v));
  for (let iter = 0; iter < iterations; iter++) {
    const grad = w.map((v) => -lambda * v);
    for (const g of usable) {
      const z = g.X.map((x) => x.reduce((s, v, j) => s + v * (w[j] as number), 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const all = e.reduce((a, b) => a + b, 0);
      const pos = e.reduce((a, b, i) => a + (g.y[i] ? b : 0), 0);
      g.X.forEach((x, i) => {
        const weight = (g.y[i] ? (e[i] as number) / pos : 0) - (e[i] as number) / all;
        for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + (weight * (x[j] as number)) / usable.length;
      });
    }
    for (let j = 0; j < d; j++) w[j] = (w[j] as number) + rate * (grad[j] as number);
  }
  const weights = Object.fromEntries(names.map((f, j) => [f, Number((w[j] as number).toFixed(3))])) as Record<F[number], number>;
  // The bias does not change the order within a question; it is set so that scores read as probabilities later.
  return { weights, bias: 0 };
}
