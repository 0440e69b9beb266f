/**
 * A tiny tagged-template wrapper over a Durable Object's SQLite storage. Values become bound `?`
 * parameters, never text in the query, so no caller can inject SQL. Used by worker/user/store/*.
 *
 * @example
 * const db = createSql(ctx.storage.sql);
 * const rows = db.all<{ id: string }>`SELECT id FROM runs WHERE journey_id = ${journeyId}`;
 */

/** A value SQLite can bind. Booleans are stored as 0/1 by the caller. */
export type SqlParam = string | number | null;
/** A row as the storage returns it. */
export type SqlRow = Record<string, SqlStorageValue>;

export interface Sql {
  /** Every row of the query. */
  all<T extends SqlRow>(strings: TemplateStringsArray, ...values: SqlParam[]): T[];
  /** The first row, or null. */
  one<T extends SqlRow>(strings: TemplateStringsArray, ...values: SqlParam[]): T | null;
  /**
   * Runs a statement. (To learn whether an upsert wrote, use `all` with RETURNING: the cursor's
   * rowsWritten also counts rows an ON CONFLICT DO NOTHING skipped.)
   */
  run(strings: TemplateStringsArray, ...values: SqlParam[]): void;
  /** Runs a DELETE or UPDATE and returns how many rows it changed (not for upserts: see `run`). */
  write(strings: TemplateStringsArray, ...values: SqlParam[]): number;
  /** Runs trusted, parameterless DDL (migrations only): may hold several statements. */
  ddl(statements: string): void;
}

/** Wraps `ctx.storage.sql`. */
export function createSql(storage: SqlStorage): Sql {
  const exec = <T extends SqlRow>(strings: TemplateStringsArray, values: SqlParam[]) =>
    storage.exec<T>(strings.join("?"), ...values);
  return {
    all: <T extends SqlRow>(strings: TemplateStringsArray, ...values: SqlParam[]) => exec<T>(strings, values).toArray(),
    one: <T extends SqlRow>(strings: TemplateStringsArray, ...values: SqlParam[]) => {
      const rows = exec<T>(strings, values).toArray();
      return rows[0] ?? null;
    },
    run: (strings, ...values) => {
      exec(strings, values).toArray();
    },
    write: (strings, ...values) => {
      const cursor = exec(strings, values);
      cursor.toArray();
      return cursor.rowsWritten;
    },
    ddl: (statements) => {
      storage.exec(statements);
    },
  };
}
