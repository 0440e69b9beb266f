/** Small named values of the Durable Object (the run id counter, the best-hour model, …). */
import type { Sql } from "../../lib/sql.ts";

export interface MetaStore {
  /** Increments and returns the counter `name` (1 the first time). */
  next(name: string): number;
  /** The stored text of `name`, or null. */
  get(name: string): string | null;
  /** Stores `value` under `name` (null deletes it). */
  set(name: string, value: string | null): void;
}

export function createMetaStore(db: Sql): MetaStore {
  return {
    next(name) {
      const row = db.one<{ value: string }>`INSERT INTO meta (key, value) VALUES (${name}, '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING value`;
      return Number(row?.value ?? "1");
    },
    get(name) {
      return db.one<{ value: string }>`SELECT value FROM meta WHERE key = ${name}`?.value ?? null;
    },
    set(name, value) {
      if (value === null) db.run`DELETE FROM meta WHERE key = ${name}`;
      else db.run`INSERT INTO meta (key, value) VALUES (${name}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
    },
  };
}
