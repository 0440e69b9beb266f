/**
 * A guard that makes sure a module's D1 tables exist before it queries them. The DDL is run once
 * per isolate; `CREATE ... IF NOT EXISTS` is idempotent, so after a "no such table" error (a fresh
 * database, reset test storage) it is run again and the work retried once.
 */
export type SchemaGuard = <T>(db: D1Database, work: () => Promise<T>) => Promise<T>;

/** Returns a guard for the given DDL statements (each module keeps its own tables). */
export function d1SchemaGuard(ddl: readonly string[]): SchemaGuard {
  let ready: Promise<void> | null = null;
  const createTables = async (db: D1Database): Promise<void> => {
    await db.batch(ddl.map((sql) => db.prepare(sql)));
  };
  return async function withTables<T>(db: D1Database, work: () => Promise<T>): Promise<T> {
    ready ??= createTables(db).catch((err: unknown) => {
      ready = null;
      throw err;
    });
    await ready;
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes("no such table")) throw err;
      await createTables(db);
      return work();
    }
  };
}
