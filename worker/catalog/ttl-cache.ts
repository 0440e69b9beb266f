/**
 * A small in-isolate cache: entries expire after a TTL (or never), the oldest are evicted past
 * `max`, and concurrent misses for one key share a single load. Used by the catalog reader and
 * the key resolver so the per-event path rarely leaves the isolate.
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

/** Cache of `load(key)` results with TTL, LRU bound and in-flight de-duplication. */
export class TtlCache<V> {
  #entries = new Map<string, Entry<V>>();
  #loading = new Map<string, Promise<V>>();
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
    const pending = this.#loading.get(key);
    if (pending !== undefined) return pending;
    // A load that a `set`/`delete` overtook must not overwrite the newer state when it lands.
    const loading: Promise<V> = load().then(
      (value) => {
        if (this.#loading.get(key) === loading) this.set(key, value, ttlMs);
        return value;
      },
      (err: unknown) => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
        throw err;
      },
    );
    this.#loading.set(key, loading);
    return loading;
  }

  /** Stores a value (e.g. right after writing it, so this isolate sees its own writes at once). */
  set(key: string, value: V, ttlMs = this.#ttlMs): void {
    this.#loading.delete(key);
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
    this.#entries.delete(key);
    this.#loading.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
    this.#loading.clear();
  }
}
