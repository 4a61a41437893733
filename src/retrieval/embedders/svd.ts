import { rng } from './types.js';

/** Sparse rows (documents) over columns (terms). */
export interface SparseRows {
  rows: { idx: Int32Array; val: Float32Array }[];
  cols: number;
}

/**
 * Top-k right singular vectors of a sparse matrix by randomized SVD (Halko, Martinsson & Tropp 2011):
 * one power iteration, Gram-Schmidt, then the small eigenproblem solved by Jacobi rotations.
 * Returns a cols × k row-major matrix and the k singular values.
 */
export function randomizedSvd(a: SparseRows, k: number, seed = 42): { v: Float32Array; sigma: Float64Array; k: number } {
  const n = a.rows.length;
  const l = Math.min(k + 16, n, a.cols);
  const random = rng(seed);
  const omega = new Float64Array(a.cols * l);
  for (let i = 0; i < omega.length; i += 2) {
    const u = Math.max(random(), 1e-12);
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * random();
    omega[i] = r * Math.cos(t);
    if (i + 1 < omega.length) omega[i + 1] = r * Math.sin(t);
  }
  let q = orthonormalize(times(a, omega, l), n, l);
  q = orthonormalize(times(a, orthonormalize(transposeTimes(a, q, l), a.cols, l), l), n, l);
  const bt = transposeTimes(a, q, l); // cols × l
  const m = new Float64Array(l * l);
  for (let j = 0; j < a.cols; j++) {
    const base = j * l;
    for (let x = 0; x < l; x++) {
      const bx = bt[base + x]!;
      if (bx === 0) continue;
      const row = x * l;
      for (let y = x; y < l; y++) m[row + y]! += bx * bt[base + y]!;
    }
  }
  for (let x = 0; x < l; x++) for (let y = 0; y < x; y++) m[x * l + y] = m[y * l + x]!;
  const { values, vectors } = jacobiEigen(m, l);
  const order = [...values.keys()].sort((i, j) => values[j]! - values[i]!);
  const kk = Math.min(k, l);
  const sigma = new Float64Array(kk);
  const v = new Float32Array(a.cols * kk);
  for (let c = 0; c < kk; c++) {
    const e = order[c]!;
    const s = Math.sqrt(Math.max(values[e]!, 0));
    sigma[c] = s;
    if (s === 0) continue;
    for (let j = 0; j < a.cols; j++) {
      let acc = 0;
      const base = j * l;
      for (let x = 0; x < l; x++) acc += bt[base + x]! * vectors[x * l + e]!;
      v[j * kk + c] = acc / s;
    }
  }
  return { v, sigma, k: kk };
}

/** A (n × cols, sparse) times D (cols × l, row-major) → n × l. */
function times(a: SparseRows, d: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.rows.length * l);
  a.rows.forEach((row, r) => {
    const o = r * l;
    for (let z = 0; z < row.idx.length; z++) {
      const base = row.idx[z]! * l;
      const w = row.val[z]!;
      for (let c = 0; c < l; c++) out[o + c]! += w * d[base + c]!;
    }
  });
  return out;
}

/** Aᵀ (cols × n) times Y (n × l, row-major) → cols × l. */
function transposeTimes(a: SparseRows, y: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.cols * l);
  a.rows.forEach((row, r) => {
    const o = r * l;
    for (let z = 0; z < row.idx.length; z++) {
      const base = row.idx[z]! * l;
      const w = row.val[z]!;
      for (let c = 0; c < l; c++) out[base + c]! += w * y[o + c]!;
    }
  });
  return out;
}

/** Modified Gram-Schmidt on the columns of a rows × cols row-major matrix. */
function orthonormalize(m: Float64Array, rows: number, cols: number): Float64Array {
  const columns = Array.from({ length: cols }, (_, c) => {
    const col = new Float64Array(rows);
    for (let r = 0; r < rows; r++) col[r] = m[r * cols + c]!;
    return col;
  });
  for (let j = 0; j < cols; j++) {
    const cj = columns[j]!;
    for (let i = 0; i < j; i++) {
      const ci = columns[i]!;
      let d = 0;
      for (let r = 0; r < rows; r++) d += ci[r]! * cj[r]!;
      for (let r = 0; r < rows; r++) cj[r]! -= d * ci[r]!;
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += cj[r]! * cj[r]!;
    norm = Math.sqrt(norm);
    for (let r = 0; r < rows; r++) cj[r] = norm > 1e-12 ? cj[r]! / norm : 0;
  }
  const out = new Float64Array(rows * cols);
  columns.forEach((col, c) => {
    for (let r = 0; r < rows; r++) out[r * cols + c] = col[r]!;
  });
  return out;
}

/** Eigen-decomposition of a symmetric n × n matrix by cyclic Jacobi rotations (Numerical Recipes §11.1). */
export function jacobiEigen(input: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i]! * a[i]!;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (off <= 1e-22 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}
