/** Options, the header's column plan, and records mapped to rows or rejected with a reason. */
import { describe, expect, it } from "vitest";
import { planColumns, type ColumnPlan } from "../../../worker/imports/mapping/column-plan.ts";
import { mapRecord } from "../../../worker/imports/mapping/map-record.ts";
import { parseImportOptions, type ImportOptions } from "../../../worker/imports/options.ts";

function options(raw: Record<string, string> = {}): ImportOptions {
  const result = parseImportOptions(raw);
  if (!result.ok) throw new Error(`${result.path}: ${result.message}`);
  return result.options;
}

function plan(header: string[], raw: Record<string, string> = {}): ColumnPlan {
  const result = planColumns(header, options(raw));
  if (!result.ok) throw new Error(`${result.path}: ${result.message}`);
  return result.plan;
}

describe("options", () => {
  it("defaults", () => {
    expect(options()).toEqual({ journey: null, mapping: {}, types: {}, dryRun: false, delimiter: ",", key: null, phonePrefix: null });
  });

  it("reads names in any case or spelling, pairs and JSON", () => {
    expect(
      options({ Journey: "welcome", dry_run: "true", "phone-prefix": "0044", delimiter: "tab", mapping: "Mail:email,Notes:", types: '{"zip":"string"}', key: "2026-05" }),
    ).toEqual({ journey: "welcome", mapping: { Mail: "email", Notes: null }, types: { zip: "string" }, dryRun: true, delimiter: "\t", key: "2026-05", phonePrefix: "+44" });
  });

  it.each([
    [{ dryrun: "maybe" }, "dryRun"],
    [{ delimiter: "::" }, "delimiter"],
    [{ delimiter: '"' }, "delimiter"],
    [{ phonePrefix: "UK" }, "phonePrefix"],
    [{ mapping: "{not json" }, "mapping"],
    [{ mapping: "[1,2]" }, "mapping"],
    [{ mapping: '{"a":1}' }, "mapping.a"],
    [{ mapping: "nocolon" }, "mapping"],
    [{ types: "age:float" }, "types.age"],
    [{ journy: "x" }, "journy"],
    [{ journey: "j".repeat(300) }, "journey"],
  ])("%j is refused at %s", (raw, path) => {
    const result = parseImportOptions(raw);
    expect(result.ok ? "" : result.path).toBe(path);
  });
});

describe("column plan", () => {
  it("recognises the id, e-mail and phone columns; the rest are traits", () => {
    const p = plan(["User_ID", "E-mail", "Mobile", "plan", ""]);
    expect(p.width).toBe(5);
    expect(p.columns.map((c) => c.target)).toEqual([
      { role: "userId" },
      { role: "email" },
      { role: "phone" },
      { role: "trait", name: "plan", type: "auto" },
      { role: "skip" },
    ]);
  });

  it("mapping renames, re-roles and skips columns; types apply to headers or trait names", () => {
    const p = plan(["Customer", "Mail", "Zip", "Secret"], { mapping: '{"Customer":"userId","Mail":"email","Zip":"postcode","Secret":null}', types: "postcode:string" });
    expect(p.columns.map((c) => c.target)).toEqual([{ role: "userId" }, { role: "email" }, { role: "trait", name: "postcode", type: "string" }, { role: "skip" }]);
  });

  it.each([
    [["name", "email"], {}, "header", /no user id column/],
    [["id", "userId"], {}, "header", /columns 1 \("id"\) and 2 \("userId"\) both give the userId/],
    [["id", "plan", "plan"], {}, "header", /both give the trait plan/],
    [["id", "email"], { mapping: "Mail:email" }, "mapping.Mail", /the header has no column "Mail"/],
    [["id", "age"], { types: "height:number" }, "types.height", /no column or trait "height"/],
    [["id", "email"], { types: "email:string" }, "types.email", /only trait columns take a type/],
  ])("%j with %j is refused at %s", (header, raw, path, message) => {
    const result = planColumns(header, options(raw));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.path).toBe(path);
      expect(result.message).toMatch(message);
    }
  });
});

describe("records", () => {
  const p = plan(["id", "email", "phone", "plan", "age", "vip"], { types: "age:integer" });

  it("maps a good row: contact values normalised, traits typed, empty cells left out", () => {
    expect(mapRecord({ line: 7, fields: [" u1 ", "Ada@Example.com", "+44 20 7946 0958", "pro", "36", ""] }, p, null)).toEqual({
      ok: true,
      row: { line: 7, userId: "u1", traits: { email: "Ada@example.com", phone: "+442079460958", plan: "pro", age: 36 } },
    });
  });

  // The last value: the user id the rejection carries (a GDPR erase of that user deletes it).
  it.each([
    [["", "a@example.com", "", "", "", ""], "the user id is empty", "id", undefined],
    [["u1", "not-an-email", "", "", "", ""], '"not-an-email" is not an e-mail address', "email", "u1"],
    [["u1", "", "555-0100", "", "", ""], '"555-0100" has no calling code: write it as +<code><number>, or set the phonePrefix option', "phone", "u1"],
    [["u1", "", "", "", "thirty", ""], '"thirty" is not a number', "age", "u1"],
    [["u1", "", ""], "expected 6 fields (as in the header), found 3", undefined, undefined],
    [["u1", "", "", "", "", "", "extra"], "expected 6 fields (as in the header), found 7", undefined, undefined],
    [["u".repeat(257), "", "", "", "", ""], "the user id is longer than 256 characters", "id", undefined],
    [["u1", "", "", "x".repeat(40_000), "", ""], "the row has 40002 characters; a row may have at most 32768", undefined, "u1"],
  ])("rejects %j: %s", (fields, reason, column, userId) => {
    const rejection = { line: 3, reason, ...(column === undefined ? {} : { column }), ...(userId === undefined ? {} : { userId }) };
    expect(mapRecord({ line: 3, fields }, p, null)).toEqual({ ok: false, rejection });
  });

  it("checks the user id before any other cell, so a quoted value always has its user", () => {
    const idLast = plan(["email", "id"]);
    expect(mapRecord({ line: 4, fields: ["not-an-email", ""] }, idLast, null)).toEqual({ ok: false, rejection: { line: 4, reason: "the user id is empty", column: "id" } });
    expect(mapRecord({ line: 5, fields: ["not-an-email", "u9"] }, idLast, null)).toEqual({
      ok: false,
      rejection: { line: 5, reason: '"not-an-email" is not an e-mail address', column: "email", userId: "u9" },
    });
  });

  it("rejects a record the parser flagged", () => {
    const mapped = mapRecord({ line: 9, fields: ["u1", "", "", "", "", ""], problem: "a quoted field is not closed before the end of the file" }, p, null);
    expect(mapped).toEqual({ ok: false, rejection: { line: 9, reason: "a quoted field is not closed before the end of the file" } });
  });
});
