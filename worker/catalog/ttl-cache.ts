/**
 * A small in-isolate cache: entries expire after a TTL (or never) and the oldest are evicted past
 * `max`. Used by the catalog reader and the key resolver so the per-event path rarely leaves the
 * isolate.
 *
 * Only settled values are shared. Concurrent misses each load on their own: a pending load is
 * I/O of the Durable Object (or request) that started it, and workerd refuses to let another
 * object in the same isolate await it ("Cannot perform I/O on behalf of a different Durable
 * Object").
 */

interface Entry<V> {
  value: V;
  /** Epoch ms after which the entry is stale; Infinity for immutable values. */
  expires: number;
}

export interface TtlCacheOptions {
  /** Milliseconds an entry stays fresh; `Infinity` for immutable values. */
  ttlMs: number;
  /** Most entries kept; the least recently used go first. @default 1000 */
  max?: number;
  /** The clock (tests pass a fake). @default Date.now */
  now?: () => number;
}

/** Cache of `load(key)` results with TTL and LRU bound. */
export class TtlCache<V> {
  #entries = new Map<string, Entry<V>>();
  /** Bumped by every write, so a load that a `set`/`delete` overtook does not store its older value. */
  #generation = new Map<string, number>();
  #ttlMs: number;
  #max: number;
  #now: () => number;

  constructor(options: TtlCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.max ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** The fresh cached value, else the result of `load` (cached unless it throws). */
  async get(key: string, load: () => Promise<V>, ttlMs = this.#ttlMs): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.expires > this.#now()) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value;
    }
    const generation = this.#generation.get(key) ?? 0;
    const value = await load();
    if ((this.#generation.get(key) ?? 0) === generation) this.#store(key, value, ttlMs);
    return value;
  }

  /** Stores a value (e.g. right after writing it, so this isolate sees its own writes at once). */
  set(key: string, value: V, ttlMs = this.#ttlMs): void {
    this.#bump(key);
    this.#store(key, value, ttlMs);
  }

  #store(key: string, value: V, ttlMs: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expires: this.#now() + ttlMs });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Forgets a key, so the next `get` loads it again. */
  delete(key: string): void {
    this.#bump(key);
    this.#entries.delete(key);
  }

  #bump(key: string): void {
    this.#generation.set(key, (this.#generation.get(key) ?? 0) + 1);
    // Generations only matter while a load is in flight; keep the map bounded.
    if (this.#generation.size > 4 * this.#max) this.#generation.clear();
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
    for (const key of this.#generation.keys()) this.#bump(key);
  }
}
