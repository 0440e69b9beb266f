/**
 * GDPR erase and CSV imports: `DELETE /v1/admin/users/{id}` deletes the import errors of that
 * user's rows — rejected rows quote the row's values (a mistyped e-mail, a phone without calling
 * code) — and the errors recorded when the rows were applied; other users' errors and the
 * import's counters stay. Databases made before the errors carried a user key are upgraded.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addUserKeyColumn, withImportSchema } from "../../../worker/imports/store/import-schema.ts";
import { RecordingQueue, adminCall, drain, get, publishManualJourney, upload } from "./helpers.ts";

const suffix = Math.random().toString(36).slice(2, 8);

describe("erasing a user who was in an import", () => {
  it("deletes the errors of their rows (rejected and not entered); the other user's errors and the counts stay", async () => {
    const x = `gdpr-x-${suffix}`;
    const y = `gdpr-y-${suffix}`;
    await publishManualJourney("imp-gdpr");
    const csv = [
      "email,userId,phone",
      `x.smith@example,${x},`, // 2: rejected, quotes X's mistyped e-mail (the e-mail column comes first)
      `y.jones@example,${y},`, // 3: rejected, Y's
      `x.smith@example.com,${x},020 7946 0958`, // 4: rejected, quotes X's phone
      `x.smith@example.com,${x},`, // 5: valid; not entered (the journey is paused before it is applied)
      `y.jones@example.com,${y},`, // 6: valid; not entered
    ].join("\n");
    const queue = new RecordingQueue();
    const res = await upload(csv, { journey: "imp-gdpr" }, queue);
    expect(res.status).toBe(202);
    expect((await adminCall("POST", "/journeys/imp-gdpr/pause")).status).toBe(200);
    await drain(queue.take());

    const before = (await get(`/${res.body.id}`)).body;
    expect(before.errors.map((e) => [e.line, e.kind])).toEqual([[2, "rejected"], [3, "rejected"], [4, "rejected"], [5, "not_entered"], [6, "not_entered"]]);
    expect(JSON.stringify(before.errors)).toContain("x.smith@example");
    expect(JSON.stringify(before.errors)).toContain("020 7946 0958");

    const erased = await adminCall("DELETE", `/users/${x}`);
    expect(erased.status).toBe(200);

    const after = (await get(`/${res.body.id}`)).body;
    expect(after.errors).toEqual([
      { line: 3, kind: "rejected", reason: '"y.jones@example" is not an e-mail address', column: "email" },
      { line: 6, kind: "not_entered", reason: expect.stringContaining("paused") },
    ]);
    expect(JSON.stringify(after)).not.toContain("x.smith");
    expect(JSON.stringify(after)).not.toContain("7946");
    expect(after.rows).toEqual(before.rows);
    expect(after.rows).toMatchObject({ rejected: 3, notEntered: 2 });
  });

  it("a row without a user id quotes none of its other values, so nothing unerasable is kept", async () => {
    const res = await upload(`email,userId\nnot-an-email,\n`);
    expect(res.body.errors).toEqual([{ line: 2, kind: "rejected", reason: "the user id is empty", column: "userId" }]);
  });
});

describe("a database made before import errors had a user key", () => {
  it("gets the column on first use (a second run is a no-op); its older rows stay, with no user key", async () => {
    const db = env.CATALOG_DB;
    await db.batch([
      db.prepare("DROP TABLE IF EXISTS import_errors"),
      db.prepare("CREATE TABLE import_errors (scope TEXT NOT NULL, line INTEGER NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, column_name TEXT, PRIMARY KEY (scope, line, kind))"),
      db.prepare("INSERT INTO import_errors (scope, line, kind, reason) VALUES ('imp_old', 2, 'rejected', 'old')"),
    ]);
    await addUserKeyColumn(db);
    await addUserKeyColumn(db); // again: nothing to do
    const columns = (await db.prepare("PRAGMA table_info(import_errors)").all<{ name: string }>()).results.map((c) => c.name);
    expect(columns).toEqual(["scope", "line", "kind", "reason", "column_name", "user_key"]);
    const rows = await withImportSchema(db, () => db.prepare("SELECT scope, user_key FROM import_errors").all());
    expect(rows.results).toEqual([{ scope: "imp_old", user_key: null }]);
  });
});
