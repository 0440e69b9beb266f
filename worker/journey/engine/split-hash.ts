/**
 * Sticky split buckets: a user always lands in the same branch of a given split node, on every
 * run and every replay, without storing anything. Used by the `split` node and by simulate.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** 32-bit FNV-1a over the UTF-8 bytes of `text` (unsigned). */
export function fnv1a32(text: string): number {
  let h = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/**
 * FNV-1a, then murmur3's 32-bit finaliser: FNV alone leaves ids that differ only in their last
 * characters clustered in the high bits, which would skew weights.
 */
export function hash32(text: string): number {
  let h = fnv1a32(text);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The user's stable position in [0, 1) for one split node. Pure: the same ids always give the
 * same point, so a split is sticky per user across runs and versions of the journey.
 * @example splitPoint("u1", "cart-abandonment", "ab") // → e.g. 0.7312…, always the same
 */
export function splitPoint(userId: string, journeyId: string, nodeId: string): number {
  return hash32(`${userId}\u0000${journeyId}\u0000${nodeId}`) / 2 ** 32;
}

/**
 * Index of the branch a point falls in, given positive weights (normalised by their sum, so
 * `[1, 1]` and `[50, 50]` both split in halves). Branch i covers [cum(i-1), cum(i)) / total.
 */
export function pickBranch(point: number, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i] ?? 0;
    if (point < cumulative / total) return i;
  }
  return weights.length - 1;
}
