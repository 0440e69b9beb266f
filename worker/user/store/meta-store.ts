/** Small named values of the Durable Object (the run id counter). */
import type { Sql } from "../../lib/sql.ts";

export interface MetaStore {
  /** Increments and returns the counter `name` (1 the first time). */
  next(name: string): number;
}

export function createMetaStore(db: Sql): MetaStore {
  return {
    next(name) {
      db.run`INSERT INTO meta (key, value) VALUES (${name}, '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`;
      return Number(db.one<{ value: string }>`SELECT value FROM meta WHERE key = ${name}`?.value ?? "1");
    },
  };
}
