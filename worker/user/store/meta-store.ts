/**
 * Small named values of the Durable Object (the run id counter, the best-hour model, …).
 *
 * Values read or written are kept in memory (the object is their only writer): several are read
 * on every input. `forget` drops that memory; worker/user/store/user-store.ts calls it when a
 * transaction rolls back and after the storage is erased.
 */
import type { Sql } from "../../lib/sql.ts";

export interface MetaStore {
  /** Increments and returns the counter `name` (1 the first time). */
  next(name: string): number;
  /** The stored text of `name`, or null. */
  get(name: string): string | null;
  /** Stores `value` under `name` (null deletes it). */
  set(name: string, value: string | null): void;
  /** Drops the in-memory values (the next reads go to storage). */
  forget(): void;
}

export function createMetaStore(db: Sql): MetaStore {
  const known = new Map<string, string | null>();
  return {
    next(name) {
      known.delete(name);
      const row = db.one<{ value: string }>`INSERT INTO meta (key, value) VALUES (${name}, '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING value`;
      const value = row?.value ?? "1";
      known.set(name, value);
      return Number(value);
    },
    get(name) {
      const cached = known.get(name);
      if (cached !== undefined) return cached;
      const value = db.one<{ value: string }>`SELECT value FROM meta WHERE key = ${name}`?.value ?? null;
      known.set(name, value);
      return value;
    },
    set(name, value) {
      known.delete(name);
      if (value === null) db.run`DELETE FROM meta WHERE key = ${name}`;
      else db.run`INSERT INTO meta (key, value) VALUES (${name}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
      known.set(name, value);
    },
    forget() {
      known.clear();
    },
  };
}
